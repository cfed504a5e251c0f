// The gateway's RPCs as promise-returning methods that follow the gateway's
// retry hints (client_stub/src/grpc_payout_client.cc does the same in C++).

import { type ChannelCredentials, type ChannelOptions, status } from "@grpc/grpc-js";

import { type CallOptions, type PreparedCall, prepareCall } from "./call-options";
import type { DeepPartial } from "./deep-partial";
import { type EventStream, GrpcEventStream } from "./event-stream";
import {
  CreatePayoutInvoiceRequest,
  GetPayoutInvoiceRequest,
  GetPayoutServiceRequest,
  ListPayoutInvoicesRequest,
  type ListPayoutInvoicesResponse,
  ListPayoutServicesRequest,
  type ListPayoutServicesResponse,
  PayoutGatewayServiceClient,
  PayoutPrerequestRequest,
  type PayoutPrerequestResponse,
  ProcessPayoutInvoiceRequest,
  StreamPayoutEventsRequest,
  WatchPayoutInvoiceRequest,
} from "./generated/corefy/payout/v1/payout_gateway_service";
import { type PayoutInvoice, PayoutInvoiceStatus } from "./generated/corefy/payout/v1/payout_invoice";
import type { PayoutService } from "./generated/corefy/payout/v1/payout_service";
import { type RetryOptions, resolveRetryOptions } from "./hint-policy";
import { PayoutError } from "./payout-error";
import { type Check, callOnce, callWithRetries, NOTHING_TO_CHECK, type UnaryMethod } from "./unary-call";

export interface ClientOptions {
  /** How the client follows the gateway's retry hints. */
  retry?: Partial<RetryOptions>;
  /** Further grpc-js channel options. */
  channelOptions?: ChannelOptions;
}

/**
 * A client of the payout gateway: one method per RPC. Unary methods return
 * promises and follow the gateway's RetryHint: they are retried only where
 * the hint allows, after the RetryInfo delay (capped); a create or process
 * whose outcome is unknown is re-sent only after the client looked the
 * invoice up and found that it did not happen. A failure rejects with a
 * PayoutError (bad options: a TypeError). Server streams are async
 * iterables and are not retried.
 *
 * Requests take any subset of the message's fields; the rest keep their
 * proto3 defaults. One client per process and gateway is enough: it
 * multiplexes calls over one HTTP/2 connection.
 */
export class PayoutClient {
  private readonly grpc: PayoutGatewayServiceClient;
  private readonly retry: RetryOptions;

  constructor(address: string, credentials: ChannelCredentials, options: ClientOptions = {}) {
    this.retry = resolveRetryOptions(options.retry);
    this.grpc = new PayoutGatewayServiceClient(address, credentials, {
      // Retries happen in this client only (gRFC A6: one layer); a service
      // config from DNS could otherwise add a retry policy underneath.
      "grpc.service_config_disable_resolution": 1,
      ...options.channelOptions,
    });
  }

  /** Lists the payout services available for a currency and amount. */
  async payoutPrerequest(
    request: DeepPartial<PayoutPrerequestRequest>,
    options?: CallOptions,
  ): Promise<PayoutPrerequestResponse> {
    const g = this.grpc;
    return this.read(g.payoutPrerequest.bind(g), PayoutPrerequestRequest.fromPartial(request), options);
  }

  /** Lists the payout services configured on the account, a page at a time. */
  async listPayoutServices(
    request: DeepPartial<ListPayoutServicesRequest> = {},
    options?: CallOptions,
  ): Promise<ListPayoutServicesResponse> {
    const g = this.grpc;
    return this.read(g.listPayoutServices.bind(g), ListPayoutServicesRequest.fromPartial(request), options);
  }

  /** Gets one configured payout service by its id. */
  async getPayoutService(request: DeepPartial<GetPayoutServiceRequest>, options?: CallOptions): Promise<PayoutService> {
    const g = this.grpc;
    return this.read(g.getPayoutService.bind(g), GetPayoutServiceRequest.fromPartial(request), options);
  }

  /** Gets an invoice by id or by the merchant's reference id. */
  async getPayoutInvoice(request: DeepPartial<GetPayoutInvoiceRequest>, options?: CallOptions): Promise<PayoutInvoice> {
    const g = this.grpc;
    return this.read(g.getPayoutInvoice.bind(g), GetPayoutInvoiceRequest.fromPartial(request), options);
  }

  /** Lists the account's invoices, newest first, a page at a time. */
  async listPayoutInvoices(
    request: DeepPartial<ListPayoutInvoicesRequest> = {},
    options?: CallOptions,
  ): Promise<ListPayoutInvoicesResponse> {
    const g = this.grpc;
    return this.read(g.listPayoutInvoices.bind(g), ListPayoutInvoicesRequest.fromPartial(request), options);
  }

  /**
   * Creates a payout invoice; `referenceId` makes it idempotent. When the
   * outcome of an attempt is unknown, the invoice is looked up by
   * `referenceId`: an invoice with the same service, currency and amount is
   * the answer; none (NOT_FOUND) means the create is sent again; anything
   * else returns the error.
   */
  async createPayoutInvoice(
    request: DeepPartial<CreatePayoutInvoiceRequest>,
    options?: CallOptions,
  ): Promise<PayoutInvoice> {
    const create = CreatePayoutInvoiceRequest.fromPartial(request);
    const check = async (call: PreparedCall): Promise<Check<PayoutInvoice>> => {
      try {
        const found = await this.lookUp({ $case: "referenceId", referenceId: create.referenceId }, call);
        const same =
          (found.payoutService?.id ?? "") === create.service &&
          found.currency === create.currency &&
          sameAmount(found.amount, create.amount);
        // Another payout under the reference id: not ours to answer with.
        return same ? { happened: true, result: found } : { happened: false, unknown: true };
      } catch (err) {
        const notFound = err instanceof PayoutError && err.code === status.NOT_FOUND;
        return { happened: false, unknown: !notFound };
      }
    };
    const g = this.grpc;
    return callWithRetries("create", g.createPayoutInvoice.bind(g), create, prepareCall(options), this.retry, check);
  }

  /**
   * Starts processing a created invoice: the call that moves money. When
   * the outcome of an attempt is unknown, the invoice is looked up: if it is
   * no longer `created` that is the answer; if it still is, the process is
   * sent again; if the lookup fails, the error is returned.
   */
  async processPayoutInvoice(
    request: DeepPartial<ProcessPayoutInvoiceRequest>,
    options?: CallOptions,
  ): Promise<PayoutInvoice> {
    const process = ProcessPayoutInvoiceRequest.fromPartial(request);
    const check = async (call: PreparedCall): Promise<Check<PayoutInvoice>> => {
      try {
        const found = await this.lookUp({ $case: "id", id: process.id }, call);
        return found.status !== PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_CREATED
          ? { happened: true, result: found }
          : { happened: false, unknown: false };
      } catch {
        return { happened: false, unknown: true };
      }
    };
    const g = this.grpc;
    return callWithRetries("process", g.processPayoutInvoice.bind(g), process, prepareCall(options), this.retry, check);
  }

  /**
   * Watches one invoice until it reaches a final status: the current state
   * first, then each change. The default 30 s timeout applies; pass
   * `timeoutMs: Infinity` for none.
   */
  watchPayoutInvoice(request: DeepPartial<WatchPayoutInvoiceRequest>, options?: CallOptions): EventStream {
    const call = prepareCall(options);
    const message = WatchPayoutInvoiceRequest.fromPartial(request);
    const stream = this.grpc.watchPayoutInvoice(message, call.metadata(), { deadline: call.deadline });
    return new GrpcEventStream(stream, call.signal);
  }

  /**
   * Streams every invoice change of the account, each with a resume
   * `cursor`. The default 30 s timeout applies; pass `timeoutMs: Infinity`
   * for none.
   */
  streamPayoutEvents(request: DeepPartial<StreamPayoutEventsRequest> = {}, options?: CallOptions): EventStream {
    const call = prepareCall(options);
    const message = StreamPayoutEventsRequest.fromPartial(request);
    const stream = this.grpc.streamPayoutEvents(message, call.metadata(), { deadline: call.deadline });
    return new GrpcEventStream(stream, call.signal);
  }

  /** Closes the connection; calls in flight fail. */
  close(): void {
    this.grpc.close();
  }

  /** A read: retried as the hint allows, with nothing to check first. */
  private read<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, options?: CallOptions): Promise<Res> {
    return callWithRetries("read", method, request, prepareCall(options), this.retry, NOTHING_TO_CHECK);
  }

  /** One GetPayoutInvoice within a create's or process's call: no retries of its own. */
  private lookUp(lookup: NonNullable<GetPayoutInvoiceRequest["lookup"]>, call: PreparedCall): Promise<PayoutInvoice> {
    const g = this.grpc;
    return callOnce(g.getPayoutInvoice.bind(g), GetPayoutInvoiceRequest.fromPartial({ lookup }), call);
  }
}

/** Both are plain decimals; compare them without trailing fraction zeros. */
function sameAmount(a: string, b: string): boolean {
  const trim = (s: string): string => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  return trim(a) === trim(b);
}
