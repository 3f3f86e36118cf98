// A TCP proxy between the service and PostgreSQL, so a test can cut the database off for real:
// - cut('refuse'): every open connection is reset and new ones are refused (the host is down);
// - cut('blackhole'): connections stay open but nothing passes either way, and new ones are
//   accepted and never answered (a network partition: the slowest failure to notice);
// - restore(): traffic flows again (connections held during a blackhole are dropped).
import net from 'node:net';

export type CutMode = 'refuse' | 'blackhole';

export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private mode: 'open' | CutMode = 'open';

  private constructor(
    public port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(0, target);
    proxy.port = await proxy.listen(0);
    return proxy;
  }

  private track(socket: net.Socket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  /** Forwards from → to while the proxy is open; drops bytes during a blackhole. */
  private forward(from: net.Socket, to: net.Socket) {
    from.on('data', (chunk) => {
      if (this.mode === 'open' && !to.destroyed) to.write(chunk);
    });
    from.on('close', () => to.destroy());
  }

  private listen(port: number): Promise<number> {
    const server = net.createServer((client) => {
      this.track(client);
      if (this.mode !== 'open') return; // blackhole: hold the connection, say nothing
      const upstream = net.connect(this.target.port, this.target.host);
      this.track(upstream);
      this.forward(client, upstream);
      this.forward(upstream, client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  }

  private destroyAll() {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  async cut(mode: CutMode = 'refuse'): Promise<void> {
    this.mode = mode;
    if (mode === 'refuse') {
      this.destroyAll();
      await this.closeListener();
    }
  }

  async restore(): Promise<void> {
    // Connections that lost bytes during a blackhole are out of sync: reset them, as a real
    // network would once the peers notice.
    if (this.mode === 'blackhole') this.destroyAll();
    this.mode = 'open';
    if (!this.server) await this.listen(this.port);
  }

  async close(): Promise<void> {
    this.mode = 'refuse';
    this.destroyAll();
    await this.closeListener();
  }
}
