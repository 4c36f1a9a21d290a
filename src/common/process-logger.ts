import pino, { Logger } from 'pino';

let root: Logger | undefined;

/**
 * The process's one pino logger. main.ts writes the start-up and shutdown phases with it before
 * (and after) Nest runs, and LoggingModule hands it to nestjs-pino, whose request and application
 * loggers are its children: one JSON stream on stdout, whoever writes.
 */
export function processLogger(): Logger {
  return (root ??= pino());
}

/** A child at the configured level, for main.ts's start-up and shutdown phases. */
export function phaseLogger(level: string): Logger {
  return processLogger().child({ context: 'Lifecycle' }, { level });
}
