import type { FastifyBaseLogger } from 'fastify';
import type { OrdersService } from './service';

const TICK_MS = 30_000;

/**
 * The background side of orders (reorders that time made due, the outbox, delivery tracking), on
 * an unref'd timer so it never keeps the process alive; a tick never overlaps the previous one.
 */
export class OrdersJobs {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;

  constructor(private readonly orders: OrdersService, private readonly log: FastifyBaseLogger, private readonly intervalMs = TICK_MS) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
    this.tick();
  }

  private tick(): void {
    if (this.current) return;
    this.current = this.orders
      .processDue()
      .catch((err: unknown) => this.log.error({ err }, 'orders background tick failed'))
      .finally(() => {
        this.current = null;
      });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.current;
  }
}
