import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { Channel, ClientMessage, RealtimeEvent, ServerMessage } from '@souk/contracts';

interface Connection {
  socket: WebSocket;
  userId: string;
  sessionId: string;
  channels: Set<Channel>;
  alive: boolean;
}

const HEARTBEAT_MS = 30_000;

/**
 * The WebSockets this process holds, indexed by channel. It knows nothing of
 * other processes: modules `listen` to bus events (delivered in every
 * process) and call `send`, and each process pushes to its own sockets.
 */
export class RealtimeGateway {
  private readonly byChannel = new Map<Channel, Set<Connection>>();
  private readonly connections = new Set<Connection>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly log: FastifyBaseLogger) {
    // Sockets that miss a heartbeat are dropped, so dead mobile connections do not pile up.
    this.heartbeat = setInterval(() => {
      for (const connection of this.connections) {
        if (!connection.alive) {
          connection.socket.terminate();
          continue;
        }
        connection.alive = false;
        connection.socket.ping();
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  accept(socket: WebSocket, userId: string, sessionId: string): void {
    const connection: Connection = { socket, userId, sessionId, channels: new Set(), alive: true };
    this.connections.add(connection);
    this.subscribe(connection, `user:${userId}`);
    socket.on('pong', () => (connection.alive = true));
    socket.on('message', (data) => this.onClientMessage(connection, data.toString()));
    socket.on('close', () => this.drop(connection));
    socket.on('error', (error) => this.log.debug({ err: error }, 'websocket error'));
    this.write(connection, { type: 'ready', userId, channels: [...connection.channels] });
  }

  send(channel: Channel, event: RealtimeEvent): number {
    const subscribers = this.byChannel.get(channel);
    if (!subscribers) return 0;
    for (const connection of subscribers) this.write(connection, { type: 'event', channel, event });
    return subscribers.size;
  }

  /** Whether this process holds a socket on the channel (so work to build an event for it is worth doing). */
  has(channel: Channel): boolean {
    return (this.byChannel.get(channel)?.size ?? 0) > 0;
  }

  /** Closes the sockets of a signed-out or revoked session (code 4401 tells the client to sign in again). */
  closeSession(sessionId: string): void {
    for (const connection of this.connections) {
      if (connection.sessionId === sessionId) connection.socket.close(4401, 'session ended');
    }
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const connection of this.connections) connection.socket.close(1001, 'server shutting down');
  }

  private subscribe(connection: Connection, channel: Channel): void {
    connection.channels.add(channel);
    const set = this.byChannel.get(channel) ?? new Set();
    set.add(connection);
    this.byChannel.set(channel, set);
  }

  private drop(connection: Connection): void {
    this.connections.delete(connection);
    for (const channel of connection.channels) {
      const set = this.byChannel.get(channel);
      set?.delete(connection);
      if (set?.size === 0) this.byChannel.delete(channel);
    }
  }

  private onClientMessage(connection: Connection, text: string): void {
    let message: ClientMessage;
    try {
      message = JSON.parse(text) as ClientMessage;
    } catch {
      this.write(connection, { type: 'error', code: 'MALFORMED_MESSAGE', message: 'Messages are JSON.' });
      return;
    }
    if (message?.type === 'ping') this.write(connection, { type: 'pong' });
    else this.write(connection, { type: 'error', code: 'UNKNOWN_MESSAGE', message: 'Unknown message type.' });
  }

  private write(connection: Connection, message: ServerMessage): void {
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(message));
  }
}
