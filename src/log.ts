import pino, { type Logger } from 'pino';

/** Keys whose values are secrets wherever they appear in a log object. */
const REDACT = [
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'config.discordToken',
  'config.telegramToken',
  'config.openaiApiKey',
];

export function createLogger(level: string, opts: { pretty?: boolean } = {}): Logger {
  const pretty = opts.pretty ?? process.stdout.isTTY;
  return pino({
    level,
    redact: { paths: REDACT, censor: '[secret]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}

/** For tests: a logger that keeps quiet. */
export const silentLogger: Logger = pino({ level: 'silent' });
