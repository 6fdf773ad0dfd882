import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface MqttLoad {
  broker: string;
  root: string;
  householdId: string;
  fleet: { id: string; token: string; supplyId: string }[];
  seconds: number;
  /** Messages each device has sent and not yet had answered. */
  window: number;
  /** 1: the broker acknowledges each message; 0: Miroir's result is the only answer. */
  qos: 0 | 1;
  /**
   * Open loop: the whole fleet publishes this many readings per second between them, each device on
   * its own schedule, without waiting for Miroir's results (as zigbee2mqtt, Tasmota and ESPHome
   * publish); a device still holds at most `window` messages the broker has not acknowledged.
   */
  offeredPerSec?: number;
}

export interface MqttLoadResult {
  published: number;
  failed: number;
  /** Epoch ms of the first publish. */
  startedAt: number;
  publishMs: number;
}

/** Runs the devices' publishing loop on a thread of its own (see mqtt-publishers.worker.ts). */
export function runMqttLoad(load: MqttLoad): Promise<MqttLoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'load', 'mqtt-publishers.worker.js'), { workerData: load });
    worker.once('message', (result: MqttLoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
