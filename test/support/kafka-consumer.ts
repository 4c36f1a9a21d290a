import { Consumer, MessagesStreamModes, stringDeserializers } from '@platformatic/kafka';

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: string;
  value: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * Reads `topics` from the beginning with a fresh consumer group until `until(messages)` holds or
 * nothing new arrives for `idleMs` after `timeoutMs` has passed, and answers every message read.
 */
export async function consumeAll(
  bootstrap: string,
  topics: string[],
  until: (messages: ConsumedMessage[]) => boolean,
  timeoutMs = 60_000,
): Promise<ConsumedMessage[]> {
  const consumer = new Consumer({
    clientId: 'kafka-test-consumer',
    groupId: `test-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    bootstrapBrokers: [bootstrap],
    deserializers: stringDeserializers,
    maxWaitTime: 200,
  });
  const messages: ConsumedMessage[] = [];
  try {
    const stream = await consumer.consume({ topics, mode: MessagesStreamModes.EARLIEST, autocommit: false });
    const deadline = Date.now() + timeoutMs;
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (until(messages) || Date.now() > deadline) finish();
      }, 100);
      const finish = () => {
        clearInterval(check);
        resolve();
      };
      stream.on(
        'data',
        (message: {
          topic: string;
          partition: number;
          offset: bigint;
          key: string;
          value: string;
          headers: Map<string, string>;
        }) => {
          messages.push({
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            key: message.key,
            value: JSON.parse(message.value) as Record<string, unknown>,
            headers: Object.fromEntries(message.headers),
          });
        },
      );
      stream.on('error', (error: Error) => {
        clearInterval(check);
        reject(error);
      });
    });
    await stream.close();
  } finally {
    await Promise.resolve(consumer.close(true)).catch(() => undefined);
  }
  return messages;
}
