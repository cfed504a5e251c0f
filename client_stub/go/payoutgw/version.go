// Package payoutgw is the Go client of the payout gateway: Dial connects
// (mTLS, TLS, or loopback-only plaintext), Client calls the gateway and
// follows its retry hints, and ErrorOf decodes a failed call's details.
//
// The generated gRPC code it wraps is the sibling package
// corefy/payout/v1 (package payoutv1): the request and response messages
// come from there.
package payoutgw

const (
	// Version is the payout gateway release this client was packaged with
	// (the module version without its "v"); scripts/package-go stamps it.
	Version = "0.1.0"
	// ProtoAPIVersion is the proto package of the API the client speaks.
	ProtoAPIVersion = "corefy.payout.v1"
)
