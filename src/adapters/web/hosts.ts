import net from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { WebSettings } from '../../config.js';

export const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Names this machine answers to on its own: a request for one of them from a loopback socket is local. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
/**
 * Headers proxies and CDNs add: a request carrying any of them came from elsewhere, whatever its
 * socket says, so it is never trusted as local.
 */
const PROXY_HEADERS = [
  'x-forwarded-for',
  'x-real-ip',
  'forwarded',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded',
  'forwarded-for',
  'via',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'x-cluster-client-ip',
  'fastly-client-ip',
  'x-original-forwarded-for',
  'client-ip',
];

/** Which host names the studio answers to, and which requests come from this machine itself. */
export class Hosts {
  /** The host names the studio answers to: a request for any other may be DNS rebinding. */
  private readonly names: Set<string>;
  private readonly proxies = new net.BlockList();

  constructor(settings: WebSettings) {
    this.names = knownHosts(settings);
    for (const p of settings.trustedProxies) {
      const [address, bits] = p.split('/') as [string, string | undefined];
      const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.proxies.addAddress(address, type);
      else this.proxies.addSubnet(address, Number(bits), type);
    }
  }

  /** Whether the request's Host header names this studio. */
  known(req: FastifyRequest): boolean {
    return this.names.has(hostnameOf(req.headers.host));
  }

  /**
   * Local: from this machine, for one of its own names, and through no proxy. A proxy on this
   * machine forwards for the world, so any proxy's header rules it out.
   */
  isLocal(req: FastifyRequest): boolean {
    const peer = req.socket.remoteAddress ?? '';
    return LOOPBACK.has(peer) && !this.isTrustedProxy(peer) && LOOPBACK_NAMES.has(hostnameOf(req.headers.host)) && !PROXY_HEADERS.some((h) => req.headers[h] !== undefined);
  }

  /** A named reverse proxy forwards for the world, even when it sends no header saying so. */
  private isTrustedProxy(address: string): boolean {
    const v4 = address.replace(/^::ffff:/, '');
    return this.proxies.check(v4, net.isIPv6(v4) ? 'ipv6' : 'ipv4');
  }
}

/** The host name of a Host header ("[::1]:3000" → "[::1]"), lower-cased; '' when there is none. */
function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function knownHosts(settings: WebSettings): Set<string> {
  const hosts = new Set(LOOPBACK_NAMES);
  const own = hostnameOf(settings.host.includes(':') && !settings.host.startsWith('[') ? `[${settings.host}]` : settings.host);
  // Listening on every interface names no host of its own.
  if (own && !['0.0.0.0', '[::]'].includes(own)) hosts.add(own);
  if (settings.publicUrl) hosts.add(new URL(settings.publicUrl).hostname.toLowerCase());
  return hosts;
}
