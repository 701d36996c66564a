import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for an OpenAI-compatible server (chat completions and moderations), scripted
 * per request: answer with a body, a status, hang, or trickle a body that never ends.
 */
export type FakeReply =
  | { content: string }
  | { status: number; body: unknown; headers?: Record<string, string> }
  | { hang: true }
  | { trickle: true };

export interface RecordedRequest {
  path: string;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: { type: string };
    max_tokens?: number;
    max_completion_tokens?: number;
    input?: string;
    voice?: string;
    prompt?: string;
    size?: string;
  };
}

export class FakeOpenAi {
  readonly requests: RecordedRequest[] = [];
  /** Replies for chat completions, in order; the last one repeats when the list runs out. */
  chat: (FakeReply | ((req: RecordedRequest) => FakeReply))[] = [];
  moderation: FakeReply | ((req: RecordedRequest) => FakeReply) = { status: 404, body: { error: { message: 'not found' } } };
  /** Answers to /images/generations: PNG bytes (sent as b64_json), or a failure. */
  images: ((req: RecordedRequest) => Buffer | FakeReply) | undefined;
  /** Answers to /audio/speech: WAV bytes, or a failure. */
  speech: ((req: RecordedRequest) => Buffer | FakeReply) | undefined;
  private server = http.createServer((req, res) => void this.handle(req, res));
  private open = new Set<http.ServerResponse>();
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const recorded: RecordedRequest = { path: req.url ?? '', body: raw ? JSON.parse(raw) : {} };
    this.requests.push(recorded);
    let reply: FakeReply;
    if (recorded.path.endsWith('/chat/completions')) {
      const next = this.chat.length > 1 ? this.chat.shift()! : this.chat[0];
      if (!next) throw new Error('FakeOpenAi: no chat reply scripted');
      reply = typeof next === 'function' ? next(recorded) : next;
    } else if (recorded.path.endsWith('/images/generations') && this.images) {
      const answer = this.images(recorded);
      reply = Buffer.isBuffer(answer) ? { status: 200, body: { created: 0, data: [{ b64_json: answer.toString('base64') }] } } : answer;
    } else if (recorded.path.endsWith('/audio/speech') && this.speech) {
      const answer = this.speech(recorded);
      if (Buffer.isBuffer(answer)) {
        res.writeHead(200, { 'content-type': 'audio/wav' });
        res.end(answer);
        return;
      }
      reply = answer;
    } else if (recorded.path.endsWith('/moderations')) {
      reply = typeof this.moderation === 'function' ? this.moderation(recorded) : this.moderation;
    } else {
      reply = { status: 404, body: { error: { message: `no route ${recorded.path}` } } };
    }
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    if ('hang' in reply) return;
    if ('trickle' in reply) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"x","choices":[');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if ('content' in reply) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${this.requests.length}`,
          object: 'chat.completion',
          created: 0,
          model: recorded.body.model,
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.content } }],
        }),
      );
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }
}
