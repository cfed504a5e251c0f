// A server stream as an async iterable of events. Streams are not retried:
// a watch is simply opened again, an event stream with the last cursor
// processed.

import type { ClientReadableStream } from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";

import type { PayoutInvoiceEvent } from "./generated/corefy/payout/v1/payout_event";
import { PayoutError, type GrpcFailure } from "./payout-error";

/**
 * The events of one server stream. Iterate it once (`for await`); the loop
 * ends when the stream ends (OK), throws a PayoutError when it fails, and
 * cancels the call when left early.
 */
export interface EventStream extends AsyncIterable<PayoutInvoiceEvent> {
  /** Ends the stream early; a loop over it then ends without an error. */
  cancel(): void;
}

export class GrpcEventStream implements EventStream {
  private cancelled = false;
  private iterated = false;
  private readonly onAbort = (): void => this.cancel();

  constructor(
    private readonly call: ClientReadableStream<PayoutInvoiceEvent>,
    private readonly signal: AbortSignal | undefined,
  ) {
    // The loop below reads the errors; this keeps one that comes after the
    // loop was left (e.g. the CANCELLED of an early exit) from being an
    // unhandled 'error' event.
    call.on("error", () => {});
    if (signal?.aborted) this.cancel();
    else signal?.addEventListener("abort", this.onAbort, { once: true });
  }

  cancel(): void {
    this.cancelled = true;
    this.call.cancel();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<PayoutInvoiceEvent> {
    if (this.iterated) throw new Error("an EventStream can be iterated only once");
    this.iterated = true;
    try {
      for await (const event of this.call) yield event as PayoutInvoiceEvent;
    } catch (err) {
      const failure = err as GrpcFailure | undefined;
      if (this.cancelled && failure?.code === status.CANCELLED) return;
      throw typeof failure?.code === "number" ? PayoutError.fromGrpcError(failure) : err;
    } finally {
      // Left early (break, return, or a throw in the loop): free the call.
      this.call.cancel();
      this.signal?.removeEventListener("abort", this.onAbort);
    }
  }
}
