/**
 * Every domain event type and its payload. Modules add their events by
 * declaration merging in their `<name>.events.ts`:
 *
 *   declare module '../../platform/events/event-map.js' {
 *     interface DomainEvents { 'accounts.session.created': { userId: string } }
 *   }
 *
 * so publishing and handling are type-checked end to end.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface DomainEvents {}

export type EventType = keyof DomainEvents & string;

export interface DomainEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  occurredAt: string;
  payload: DomainEvents[T];
}
