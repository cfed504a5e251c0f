module payout-gateway.internal/client

go 1.19

// The versions Debian 12 ships (golang-google-grpc-dev and friends), which
// the client is built and tested against; scripts/go-vendor-debian checks
// the Debian packages against them. With a module proxy, Go's minimal
// version selection may pick newer ones.
require (
	github.com/golang/protobuf v1.5.2
	google.golang.org/genproto v0.0.0-20200413115906-b5235f65be36
	google.golang.org/grpc v1.33.3
	google.golang.org/protobuf v1.28.1
)

require (
	golang.org/x/net v0.7.0 // indirect
	golang.org/x/sys v0.3.0 // indirect
	golang.org/x/text v0.7.0 // indirect
)
