// Node client of the Corefy payout gateway.
//
//   const gateway = require('./client_stub/node/payout_gateway');
//   const client = gateway.connect('payout-gateway:50051');
//   client.CreatePayoutInvoice(request, (err, invoice) => ...);
//
// The protos are loaded at run time with @grpc/proto-loader from ./proto,
// which scripts/generate-stubs fills from the repository's proto/ (and the
// google/rpc protos from Debian). errorDetails() reads the gateway's error
// details: ErrorInfo, BadRequest, RetryInfo and RetryHint.
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const PROTO_DIR = process.env.PAYOUT_GATEWAY_PROTO_DIR || path.join(__dirname, 'proto');
const FILES = [
  'corefy/payout/v1/payout_gateway_service.proto',
  'corefy/payout/v1/error_details.proto',
  'google/rpc/status.proto',
  'google/rpc/error_details.proto',
];

const definition = protoLoader.loadSync(FILES, {
  includeDirs: [PROTO_DIR],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const v1 = grpc.loadPackageDefinition(definition).corefy.payout.v1;

// A protobufjs root for decoding the details (google/protobuf/* are built
// into protobufjs).
const root = new protobuf.Root();
root.resolvePath = (origin, target) =>
  target.startsWith('google/protobuf/') ? target : path.join(PROTO_DIR, target);
root.loadSync(FILES, { keepCase: true });

// Connects to the gateway at `address` (plaintext unless `credentials`).
function connect(address, credentials) {
  return new v1.PayoutGatewayService(
    address, credentials || grpc.credentials.createInsecure());
}

// The details of a failed call: { errorInfo, badRequest, retryInfo,
// retryHint }, each present when the gateway sent it.
function errorDetails(err) {
  const raw = err && err.metadata && err.metadata.get('grpc-status-details-bin')[0];
  if (!raw) return {};
  const status = root.lookupType('google.rpc.Status').decode(raw);
  const names = {
    'google.rpc.ErrorInfo': 'errorInfo',
    'google.rpc.BadRequest': 'badRequest',
    'google.rpc.RetryInfo': 'retryInfo',
    'corefy.payout.v1.RetryHint': 'retryHint',
  };
  const details = {};
  for (const any of status.details) {
    const typeName = any.type_url.slice(any.type_url.lastIndexOf('/') + 1);
    if (!(typeName in names)) continue;
    const type = root.lookupType(typeName);
    details[names[typeName]] = type.toObject(type.decode(any.value), {
      enums: String, longs: String, defaults: true,
    });
  }
  return details;
}

module.exports = { connect, errorDetails, grpc, v1 };
