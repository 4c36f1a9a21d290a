import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';
import { ROOT } from './processes';
import { waitForPort } from './redis-server';

/** Apache Kafka's server jars, fetched by `npm run kafka:fetch` (Maven, test/support/kafka/pom.xml). */
export const KAFKA_LIBS = join(ROOT, '.kafka/libs');

/** A single-node KRaft broker (broker and controller in one JVM) on loopback, that a test can stop and start again. */
export interface KafkaBroker {
  readonly port: number;
  /** 127.0.0.1:<port>, for KAFKA_BROKERS. */
  readonly bootstrap: string;
  /** Stops the JVM (SIGTERM, then SIGKILL after 15 s) and waits for its exit; the data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data. */
  start(): Promise<void>;
  /** Stops it for good and deletes its folder. */
  destroy(): Promise<void>;
  /** What the JVM printed (the last 20,000 characters). */
  output(): string;
}

/**
 * Why the Kafka tests cannot run here, or null when they can: no `java` on the PATH, or the jars
 * not fetched. In CI (CI=true) the tests treat a reason as a failure, elsewhere as a printed skip.
 */
export function kafkaUnavailable(): string | null {
  if (spawnSync('java', ['-version']).status !== 0) return 'no `java` on the PATH (a JDK 17+ runs the test broker)';
  if (!existsSync(KAFKA_LIBS) || !readdirSync(KAFKA_LIBS).some((f) => /^kafka_2\.13-.*\.jar$/.test(f))) {
    return `Apache Kafka's jars are not in ${KAFKA_LIBS}: run \`npm run kafka:fetch\` (needs Maven)`;
  }
  return null;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // the group is gone already
  }
}

/**
 * Formats a KRaft single-node cluster in a temporary folder and starts `kafka.Kafka` on free
 * loopback ports. The JVM runs under a shell that ends it when this (test) process is gone, so an
 * interrupted run leaves no broker behind.
 */
export async function startKafkaBroker(): Promise<KafkaBroker> {
  const reason = kafkaUnavailable();
  if (reason) throw new Error(reason);
  const port = await freePort();
  const controllerPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'oms-kafka-'));
  const config = join(dir, 'server.properties');
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${join(dir, 'data')}`,
      'num.partitions=3',
      'auto.create.topics.enable=true',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=3',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const jvm = [
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
    '-Xms128m',
    '-Xmx512m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Xshare:auto',
    '-cp',
    `${KAFKA_LIBS}/*`,
  ];
  const format = spawnSync(
    'java',
    [...jvm, 'kafka.tools.StorageTool', 'format', '-t', randomBytes(16).toString('base64url'), '-c', config],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (format.status !== 0)
    throw new Error(`formatting the Kafka storage failed (${format.status}): ${format.stderr}${format.stdout}`);

  let child: ChildProcess | undefined;
  let output = '';
  const broker: KafkaBroker = {
    port,
    bootstrap: `127.0.0.1:${port}`,
    output: () => output,
    start: async () => {
      // The shell ends the JVM when the test process that started it is gone (even after a SIGKILL).
      const script = `java "$@" & pid=$!; trap 'kill $pid 2>/dev/null; wait $pid; exit 0' TERM INT
        while kill -0 ${process.pid} 2>/dev/null && kill -0 $pid 2>/dev/null; do sleep 1; done; kill $pid 2>/dev/null; wait $pid`;
      // Its own process group, so that a stop that runs out of patience kills the JVM with the shell.
      const started = spawn('sh', ['-c', script, 'kafka', ...jvm, 'kafka.Kafka', config], {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      child = started;
      const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
      started.stdout!.on('data', keep);
      started.stderr!.on('data', keep);
      await waitForPort(port, () => started.exitCode !== null, 120_000).catch((error: Error) => {
        throw new Error(`${error.message}: the Kafka broker did not start:\n${output}`);
      });
    },
    stop: async () => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGTERM');
      // SIGKILL to the shell alone would leave the JVM running, still writing its data folder.
      const timer = setTimeout(() => killGroup(running, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      // The shell waits for the JVM; whatever of the group is left (a shell killed early) goes now.
      killGroup(running, 'SIGKILL');
    },
    destroy: async () => {
      await broker.stop();
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
  await broker.start();
  return broker;
}
