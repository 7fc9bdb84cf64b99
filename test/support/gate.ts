import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP gate between two parts (the publisher and the CMS, the CMS and the publisher's webhook):
 * open, it passes bytes both ways to `target`; shut, it resets every connection — the ones passing
 * now (keep-alive sockets too) and each new one — as a part that is down would. The target may be
 * set after the gate starts (the part behind it is started later).
 */
export interface Gate {
  url: string;
  target: string | null;
  readonly isOpen: boolean;
  shut(): void;
  reopen(): void;
  close(): Promise<void>;
}

export async function startGate(target: string | null = null): Promise<Gate> {
  const live = new Set<net.Socket>();
  let open = true;
  const track = (socket: net.Socket) => {
    live.add(socket);
    socket.on('close', () => live.delete(socket));
  };
  const server = net.createServer((inbound) => {
    track(inbound);
    inbound.on('error', () => undefined);
    if (!open || !gate.target) return void inbound.resetAndDestroy();
    const { hostname, port } = new URL(gate.target);
    const outbound = net.connect(Number(port), hostname);
    track(outbound);
    outbound.on('error', () => inbound.resetAndDestroy());
    inbound.on('close', () => outbound.destroy());
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gate: Gate = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    target,
    get isOpen() {
      return open;
    },
    shut() {
      open = false;
      for (const socket of live) socket.resetAndDestroy();
    },
    reopen() {
      open = true;
    },
    close() {
      for (const socket of live) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return gate;
}
