// Node client of the Corefy payout gateway (corefy.payout.v1).
//
//   import { connect } from "payout-gateway-client";
//   const client = connect("payout-gateway:50051", { ca, cert, key });
//   const invoice = await client.createPayoutInvoice({ referenceId, ... });
//
// The messages, enums and the raw grpc-js service definition come from the
// protos (generated when the package is built); the client, its errors and
// its retry rules are written by hand beside them.

/** The gateway release this package belongs to. */
export { VERSION } from "./generated/version";
/** The proto package this client speaks. */
export const PROTO_API_VERSION = "corefy.payout.v1";

export { connect, type ConnectOptions } from "./connect";
export { PayoutClient, type ClientOptions } from "./client";
export type { CallOptions } from "./call-options";
export type { DeepPartial } from "./deep-partial";
export type { EventStream } from "./event-stream";
export { PayoutError, type FieldViolation } from "./payout-error";
export { DEFAULT_RETRY_OPTIONS, type RetryOptions } from "./hint-policy";
export { RetryHint, RetryHint_Action as RetryAction } from "./generated/corefy/payout/v1/error_details";
export * as rpc from "./rpc";
export { status as GrpcStatus } from "@grpc/grpc-js";

export * from "./generated/corefy/payout/v1/common";
export * from "./generated/corefy/payout/v1/customer";
export * from "./generated/corefy/payout/v1/payout_event";
export * from "./generated/corefy/payout/v1/payout_gateway_service";
export * from "./generated/corefy/payout/v1/payout_invoice";
export * from "./generated/corefy/payout/v1/payout_prerequest";
export * from "./generated/corefy/payout/v1/payout_service";
