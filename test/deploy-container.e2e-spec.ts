import Ajv from 'ajv';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The container image and the Compose stack, checked without a Docker engine: the compose files
 * against the Compose Specification's JSON schema (as shipped by the `dclint` package), and the
 * Dockerfile's promises read from the file itself.
 */
const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('Compose files', () => {
  const schema = JSON.parse(read('node_modules/dclint/schemas/compose.schema.json')) as { $schema: string };
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The schema names draft-07 by its https address, which Ajv knows by the http one.
  ajv.addMetaSchema({ ...draft07, $id: schema.$schema });
  const validate = ajv.compile(schema);
  const files = ['docker-compose.yml', 'docker-compose.ports.yml'];
  const compose = parse(read('docker-compose.yml')) as Any;

  it.each(files)('%s conforms to the Compose Specification schema', (file) => {
    const valid = validate(parse(read(file)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check is not vacuous: it refuses a misspelt condition and an unknown key', () => {
    const broken = structuredClone(compose);
    broken.services.app.depends_on.postgres.condition = 'service_healty';
    broken.services.redis.restart_policy = 'always';
    expect(validate(broken)).toBe(false);
    expect(JSON.stringify(validate.errors)).toMatch(/service_healty|allowed values/);
    expect(JSON.stringify(validate.errors)).toMatch(/restart_policy/);
  });

  it('runs PostgreSQL 18 and Redis with named volumes, TCP health checks and a restart policy', () => {
    const { postgres, redis, app } = compose.services;
    expect(postgres.image).toMatch(/^postgres:18[.-]/);
    expect(postgres.healthcheck.test.join(' ')).toMatch(/pg_isready -h 127\.0\.0\.1/);
    expect(redis.healthcheck.test.join(' ')).toMatch(/redis-cli -h 127\.0\.0\.1 ping/);
    expect(postgres.volumes).toEqual(['pgdata:/var/lib/postgresql']);
    expect(redis.volumes).toEqual(['redisdata:/data']);
    expect(Object.keys(compose.volumes)).toEqual(['pgdata', 'redisdata', 'kafkadata']);
    for (const service of [postgres, redis, app]) expect(service.restart).toBe('unless-stopped');
    expect(app.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(app.healthcheck.test.join(' ')).toContain('/health/ready');
  });

  it('offers Kafka as an optional profile: the official image, one KRaft node, reachable as the app’s KAFKA_BROKERS', () => {
    const { kafka, app } = compose.services;
    expect(kafka.image).toMatch(/^apache\/kafka:4\./);
    expect(kafka.profiles).toEqual(['kafka']);
    expect(kafka.environment).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
    });
    expect(kafka.environment.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${kafka.environment.KAFKA_NODE_ID}@kafka:9093`);
    expect(kafka.volumes).toEqual([`kafkadata:${kafka.environment.KAFKA_LOG_DIRS}`]);
    expect(app.environment.KAFKA_BROKERS).toBe('kafka:9092');
    expect(app.depends_on.kafka).toBeUndefined(); // optional: the app runs without the profile
  });

  it('takes every secret from .env, each listed in .env.compose.example', () => {
    const text = read('docker-compose.yml');
    const required = [...text.matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['POSTGRES_PASSWORD', 'JWT_SECRET', 'ADMIN_PASSWORD']));
    const example = read('.env.compose.example');
    for (const name of [...(text + read('docker-compose.ports.yml')).matchAll(/\$\{([A-Z_]+)[:}]/g)].map((m) => m[1])) {
      expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
    expect(text).not.toMatch(/PASSWORD: [a-z]/);
    expect(read('.gitignore')).toMatch(/^\.env$/m);
  });

  it('publishes PostgreSQL and Redis on the loopback interface only, in the ports override', () => {
    const override = parse(read('docker-compose.ports.yml')) as Any;
    expect(Object.keys(override.services).sort()).toEqual(['postgres', 'redis']);
    for (const service of Object.values<Any>(override.services)) {
      for (const port of service.ports) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
    expect(compose.services.postgres.ports).toBeUndefined();
    expect(compose.services.redis.ports).toBeUndefined();
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile').replace(/\\\n/g, ' ');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1];

  it('builds on a supported LTS Node image, not Node 20', () => {
    const image = /^ARG NODE_IMAGE=(\S+)/m.exec(dockerfile)?.[1] ?? '';
    expect(image).toMatch(/^node:(2[2-9]|[3-9]\d)-/);
    expect(stages.every((s) => s.startsWith('${NODE_IMAGE}'))).toBe(true);
  });

  it('installs with a BuildKit npm cache mount, and only production dependencies at runtime', () => {
    expect(dockerfile).toMatch(/^# syntax=docker\/dockerfile:1/);
    for (const stage of stages) expect(stage).toMatch(/RUN --mount=type=cache,target=\/root\/\.npm\S* +npm ci/);
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).not.toMatch(/COPY --from=\S+ \S*node_modules/);
    expect(runtime).toMatch(/COPY --from=build \/src\/dist \.\/dist/);
  });

  it('runs the built entry point as a numeric non-root user under tini, with a HEALTHCHECK that uses node', () => {
    expect(JSON.parse(read('nest-cli.json')).entryFile).toBe('src/main');
    expect(runtime).toMatch(/^CMD \["node", "dist\/src\/main\.js"\]$/m);
    // The image caps V8's heap as `npm run start:prod` (and so the benchmark) runs the app.
    const { scripts } = JSON.parse(read('package.json'));
    const heapFlag = /--max-old-space-size=\d+/.exec(scripts['start:prod'])?.[0];
    expect(heapFlag).toBeDefined();
    expect(scripts.start).toContain(` ${heapFlag} `);
    expect(runtime).toMatch(new RegExp(`^ENV NODE_OPTIONS="${heapFlag}"$`, 'm'));
    expect(runtime).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(runtime).toMatch(/^USER 1000:1000$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*CMD \["node", "-e", .*\/health\/live/m);
    // Code belongs to root (no --chown on the copies); only DATA_DIR belongs to the runtime user.
    expect(runtime).not.toMatch(/--chown/);
    expect(runtime).toMatch(/DATA_DIR=\/data/);
    expect(runtime).toMatch(/chown 1000:1000 \/data/);
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const allowed = read('.dockerignore')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1).replace(/\/$/, ''));
    expect(read('.dockerignore')).toMatch(/^\*$/m);
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].trim().split(/\s+/));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
      expect(allowed).toContain(source);
    }
    for (const secret of ['.env', '.data', 'node_modules', 'dist']) expect(allowed).not.toContain(secret);
  });
});
