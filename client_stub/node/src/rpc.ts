// The google.rpc messages of the gateway's error details, for code that
// builds or reads them itself (e.g. a fake gateway in a unit test).

export { Status } from "./generated/google/rpc/status";
export { BadRequest, BadRequest_FieldViolation, ErrorInfo, RetryInfo } from "./generated/google/rpc/error_details";
export { Any } from "./generated/google/protobuf/any";
export { Duration } from "./generated/google/protobuf/duration";
