package payoutgw

import (
	"context"
	"regexp"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	payoutv1 "payout-gateway.internal/client/corefy/payout/v1"
)

// Client calls the gateway: one method per RPC, with the generated
// messages. Unary calls follow the gateway's RetryHint: they are retried
// only where the hint allows, after the RetryInfo delay (capped); a create
// or process whose outcome is unknown is re-sent only after the client
// looked the invoice up and found that it did not happen. Errors are the
// last attempt's gRPC error: ErrorOf decodes it. Server streams are not
// retried (a watch is simply opened again, an event stream from the last
// cursor processed). Safe for concurrent use.
//
// Request metadata such as `x-request-id` (which the gateway passes to
// Corefy and logs) goes in the context: metadata.AppendToOutgoingContext.
// It is checked before anything is sent (codes.InvalidArgument): keys in
// lower case, values printable ASCII (but for -bin keys), and one
// x-request-id of 1 to 128 of [A-Za-z0-9._:-].
type Client struct {
	stub        payoutv1.PayoutGatewayServiceClient
	retry       RetryOptions
	callTimeout time.Duration
	conn        *grpc.ClientConn // owned when Dial made it
}

// New makes a Client over a connection the caller owns (Close leaves it
// open). Only the retry and timeout options apply: the connection has its
// credentials already.
func New(conn grpc.ClientConnInterface, opts ...Option) *Client {
	return newClient(conn, newSettings(opts))
}

func newClient(conn grpc.ClientConnInterface, s *settings) *Client {
	return &Client{
		stub:        payoutv1.NewPayoutGatewayServiceClient(conn),
		retry:       s.retry,
		callTimeout: s.callTimeout,
	}
}

// Close closes the connection Dial opened.
func (c *Client) Close() error {
	if c.conn == nil {
		return nil
	}
	return c.conn.Close()
}

// bounded applies the call timeout when ctx has no deadline.
func (c *Client) bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok || c.callTimeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, c.callTimeout)
}

// read runs a read: retried on RETRY, CHECK_STATUS_THEN_RETRY and an
// unreachable gateway.
func read[Req, Resp any](ctx context.Context, c *Client, req Req, opts []grpc.CallOption,
	method func(context.Context, Req, ...grpc.CallOption) (Resp, error)) (Resp, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	return retrying(ctx, c.retry, kindRead,
		func() (Resp, error) { return method(ctx, req, opts...) },
		func() checked[Resp] { return checked[Resp]{} })
}

// PayoutPrerequest lists the payout services available for a currency and
// amount, with the fields each needs.
func (c *Client) PayoutPrerequest(ctx context.Context, req *payoutv1.PayoutPrerequestRequest,
	opts ...grpc.CallOption) (*payoutv1.PayoutPrerequestResponse, error) {
	return read(ctx, c, req, opts, c.stub.PayoutPrerequest)
}

// ListPayoutServices lists the payout services configured on the account.
func (c *Client) ListPayoutServices(ctx context.Context, req *payoutv1.ListPayoutServicesRequest,
	opts ...grpc.CallOption) (*payoutv1.ListPayoutServicesResponse, error) {
	return read(ctx, c, req, opts, c.stub.ListPayoutServices)
}

// GetPayoutService gets one configured payout service by its id.
func (c *Client) GetPayoutService(ctx context.Context, req *payoutv1.GetPayoutServiceRequest,
	opts ...grpc.CallOption) (*payoutv1.PayoutService, error) {
	return read(ctx, c, req, opts, c.stub.GetPayoutService)
}

// GetPayoutInvoice gets an invoice by id or by reference id.
func (c *Client) GetPayoutInvoice(ctx context.Context, req *payoutv1.GetPayoutInvoiceRequest,
	opts ...grpc.CallOption) (*payoutv1.PayoutInvoice, error) {
	return read(ctx, c, req, opts, c.stub.GetPayoutInvoice)
}

// ListPayoutInvoices lists invoices, a page at a time.
func (c *Client) ListPayoutInvoices(ctx context.Context, req *payoutv1.ListPayoutInvoicesRequest,
	opts ...grpc.CallOption) (*payoutv1.ListPayoutInvoicesResponse, error) {
	return read(ctx, c, req, opts, c.stub.ListPayoutInvoices)
}

// CreatePayoutInvoice creates a payout invoice; reference_id makes it
// idempotent. When the outcome is unknown, the client looks the reference
// id up and re-sends only if no invoice holds it; an invoice with the same
// service, currency and amount is the answer.
func (c *Client) CreatePayoutInvoice(ctx context.Context, req *payoutv1.CreatePayoutInvoiceRequest,
	opts ...grpc.CallOption) (*payoutv1.PayoutInvoice, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	check := func() checked[*payoutv1.PayoutInvoice] {
		found, err := c.stub.GetPayoutInvoice(ctx, &payoutv1.GetPayoutInvoiceRequest{
			Lookup: &payoutv1.GetPayoutInvoiceRequest_ReferenceId{ReferenceId: req.GetReferenceId()},
		}, opts...)
		switch {
		case err == nil && isInvoiceOf(found, req):
			return checked[*payoutv1.PayoutInvoice]{happened: true, result: found}
		case status.Code(err) == codes.NotFound:
			return checked[*payoutv1.PayoutInvoice]{}
		default: // another payout holds the reference id, or no answer
			return checked[*payoutv1.PayoutInvoice]{unknown: true}
		}
	}
	return retrying(ctx, c.retry, kindCreate,
		func() (*payoutv1.PayoutInvoice, error) { return c.stub.CreatePayoutInvoice(ctx, req, opts...) },
		check)
}

// ProcessPayoutInvoice starts processing a created invoice: the call that
// moves money. When the outcome is unknown, the client looks the invoice up
// and re-sends only if it is still `created`.
func (c *Client) ProcessPayoutInvoice(ctx context.Context, req *payoutv1.ProcessPayoutInvoiceRequest,
	opts ...grpc.CallOption) (*payoutv1.PayoutInvoice, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	check := func() checked[*payoutv1.PayoutInvoice] {
		found, err := c.stub.GetPayoutInvoice(ctx, &payoutv1.GetPayoutInvoiceRequest{
			Lookup: &payoutv1.GetPayoutInvoiceRequest_Id{Id: req.GetId()},
		}, opts...)
		switch {
		case err != nil:
			return checked[*payoutv1.PayoutInvoice]{unknown: true}
		case found.GetStatus() != payoutv1.PayoutInvoiceStatus_PAYOUT_INVOICE_STATUS_CREATED:
			return checked[*payoutv1.PayoutInvoice]{happened: true, result: found}
		default:
			return checked[*payoutv1.PayoutInvoice]{}
		}
	}
	return retrying(ctx, c.retry, kindProcess,
		func() (*payoutv1.PayoutInvoice, error) { return c.stub.ProcessPayoutInvoice(ctx, req, opts...) },
		check)
}

// WatchPayoutInvoice streams an invoice's current state, then each change,
// until its final status. Not retried; ctx bounds the whole stream.
func (c *Client) WatchPayoutInvoice(ctx context.Context, req *payoutv1.WatchPayoutInvoiceRequest,
	opts ...grpc.CallOption) (payoutv1.PayoutGatewayService_WatchPayoutInvoiceClient, error) {
	if err := checkMetadata(ctx); err != nil {
		return nil, err
	}
	return c.stub.WatchPayoutInvoice(ctx, req, opts...)
}

// StreamPayoutEvents streams the account's invoice changes from a cursor.
// Not retried; ctx bounds the whole stream.
func (c *Client) StreamPayoutEvents(ctx context.Context, req *payoutv1.StreamPayoutEventsRequest,
	opts ...grpc.CallOption) (payoutv1.PayoutGatewayService_StreamPayoutEventsClient, error) {
	if err := checkMetadata(ctx); err != nil {
		return nil, err
	}
	return c.stub.StreamPayoutEvents(ctx, req, opts...)
}

var (
	// The ids the gateway keeps; it replaces any other with its own, and
	// the caller could no longer find its call in the gateway's logs.
	requestIDPattern   = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)
	metadataKeyPattern = regexp.MustCompile(`^[0-9a-z_.-]+$`)
)

// checkMetadata refuses request metadata that HTTP/2 cannot carry before
// it is sent: this gRPC version (1.33) sends whatever it is given, leaving
// a malformed header for the gateway to refuse. Errors never repeat a
// value: it may be a credential.
func checkMetadata(ctx context.Context) error {
	md, _ := metadata.FromOutgoingContext(ctx)
	for key, values := range md {
		if !metadataKeyPattern.MatchString(key) {
			return status.Error(codes.InvalidArgument,
				"payoutgw: a request metadata key is not lower case [0-9a-z_.-]")
		}
		if strings.HasSuffix(key, "-bin") {
			continue // sent base64-encoded: any bytes will do
		}
		for _, v := range values {
			if strings.IndexFunc(v, func(r rune) bool { return r < 0x20 || r > 0x7e }) >= 0 {
				return status.Errorf(codes.InvalidArgument,
					"payoutgw: the value of request metadata key %s is not printable ASCII", key)
			}
		}
	}
	if ids := md.Get("x-request-id"); len(ids) > 1 || (len(ids) == 1 && !requestIDPattern.MatchString(ids[0])) {
		return status.Error(codes.InvalidArgument,
			"payoutgw: x-request-id must be one value, 1 to 128 of [A-Za-z0-9._:-]")
	}
	return nil
}

// isInvoiceOf reports whether an invoice found under the request's
// reference id is the payout the request asked for.
func isInvoiceOf(found *payoutv1.PayoutInvoice, req *payoutv1.CreatePayoutInvoiceRequest) bool {
	return found.GetPayoutService().GetId() == req.GetService() &&
		found.GetCurrency() == req.GetCurrency() &&
		sameAmount(found.GetAmount(), req.GetAmount())
}

// sameAmount compares two plain decimals without trailing fraction zeros
// ("12.30" is "12.3", "5.00" is "5").
func sameAmount(a, b string) bool {
	return trimFraction(a) == trimFraction(b)
}

func trimFraction(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}
