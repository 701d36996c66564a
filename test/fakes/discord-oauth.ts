import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Discord's OAuth2 code grant as the studio uses it, at the protocol: the authorize page (which
 * here approves at once and sends the browser back with a code), the token exchange (checking the
 * client secret, the code and the redirect) and `GET /users/@me` for the bearer token.
 */
export class FakeDiscordOAuth {
  readonly user = { id: '222222222222222222', username: 'ada', global_name: 'Ada Lovelace' };
  /** The token exchanges it was asked for. */
  readonly exchanges: Record<string, string>[] = [];
  private readonly codes = new Map<string, string>();
  private server!: http.Server;

  private constructor(
    readonly clientId: string,
    readonly clientSecret: string,
  ) {}

  static async start(clientId = '123456789012345678', clientSecret = 'a-discord-client-secret'): Promise<FakeDiscordOAuth> {
    const fake = new FakeDiscordOAuth(clientId, clientSecret);
    fake.server = http.createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The REST base to give the studio (DISCORD_API_BASE). */
  get api(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/oauth2/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== this.clientId || q.get('response_type') !== 'code' || !q.get('redirect_uri')) return json(400, { error: 'invalid_request' });
      const code = `code-${this.codes.size + 1}`;
      this.codes.set(code, q.get('redirect_uri')!);
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/oauth2/token') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = Object.fromEntries(new URLSearchParams(body));
      this.exchanges.push(form);
      const redirect = this.codes.get(form.code ?? '');
      if (form.client_id !== this.clientId || form.client_secret !== this.clientSecret) return json(401, { error: 'invalid_client' });
      if (form.grant_type !== 'authorization_code' || !redirect || redirect !== form.redirect_uri) return json(400, { error: 'invalid_grant' });
      this.codes.delete(form.code!);
      return json(200, { access_token: 'user-access-token', token_type: 'Bearer', expires_in: 604800, scope: 'identify' });
    }
    if (req.method === 'GET' && url.pathname === '/api/users/@me') {
      if (req.headers.authorization !== 'Bearer user-access-token') return json(401, { message: '401: Unauthorized', code: 0 });
      return json(200, this.user);
    }
    json(404, { message: 'Not Found', code: 0 });
  }
}
