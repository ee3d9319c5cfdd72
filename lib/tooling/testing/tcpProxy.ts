import { connect, createServer, type Socket } from "node:net";

/**
 * A TCP relay on loopback to a real server (PostgreSQL) that can be frozen: bytes stop flowing
 * both ways while every socket stays open, as in a network partition where nobody sends a FIN.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = connect(target.port, target.host);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
    }
    const relay = (from: Socket, to: Socket) => {
      from.on("data", (chunk) => {
        // While frozen the bytes are lost, as on a cut cable.
        if (!frozen) to.write(chunk);
      });
      from.on("end", () => {
        if (!frozen) to.end();
      });
    };
    relay(inbound, outbound);
    relay(outbound, inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    freeze() {
      frozen = true;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
