package payoutgw

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	payoutv1 "payout-gateway.internal/client/corefy/payout/v1"
)

const (
	actRetry    = payoutv1.RetryHint_ACTION_RETRY
	actCheck    = payoutv1.RetryHint_ACTION_CHECK_STATUS_THEN_RETRY
	actNone     = payoutv1.RetryHint_ACTION_UNSPECIFIED
	actExisting = payoutv1.RetryHint_ACTION_USE_EXISTING_INVOICE
)

func TestDecideNextStep(t *testing.T) {
	exhausted := map[string]string{"retries_exhausted": "true"}
	for _, c := range []struct {
		kind   callKind
		code   codes.Code
		action payoutv1.RetryHint_Action
		meta   map[string]string
		want   nextStep
	}{
		{kindCreate, codes.Unavailable, actRetry, nil, stepRetry},
		{kindCreate, codes.Unavailable, actRetry, exhausted, stepStop},
		{kindRead, codes.Unavailable, actCheck, nil, stepRetry},
		{kindCreate, codes.Unavailable, actCheck, nil, stepCheckThenRetry},
		{kindProcess, codes.Unavailable, actCheck, nil, stepCheckThenRetry},
		{kindRead, codes.Unavailable, actNone, nil, stepRetry},
		{kindProcess, codes.Unavailable, actNone, nil, stepCheckThenRetry},
		{kindRead, codes.DeadlineExceeded, actNone, nil, stepStop},
		{kindCreate, codes.AlreadyExists, actExisting, nil, stepStop},
		{kindRead, codes.InvalidArgument, payoutv1.RetryHint_ACTION_FIX_REQUEST, nil, stepStop},
		{kindRead, codes.PermissionDenied, payoutv1.RetryHint_ACTION_FIX_CREDENTIALS, nil, stepStop},
		{kindProcess, codes.FailedPrecondition, payoutv1.RetryHint_ACTION_DO_NOT_RETRY, nil, stepStop},
	} {
		e := &PayoutError{Code: c.code, Action: c.action, Metadata: c.meta}
		if got := decideNextStep(c.kind, e); got != c.want {
			t.Errorf("kind %v %v %v %v: got %v, want %v", c.kind, c.code, c.action, c.meta, got, c.want)
		}
	}
}

func TestDelayBeforeRetry(t *testing.T) {
	r := RetryOptions{}.withDefaults()
	if d := delayBeforeRetry(&PayoutError{}, r); d != 200*time.Millisecond {
		t.Errorf("default delay %v", d)
	}
	if d := delayBeforeRetry(&PayoutError{RetryDelay: time.Second, HasRetryDelay: true}, r); d != time.Second {
		t.Errorf("given delay %v", d)
	}
	if d := delayBeforeRetry(&PayoutError{RetryDelay: time.Hour, HasRetryDelay: true}, r); d != 5*time.Second {
		t.Errorf("capped delay %v", d)
	}
}

// fakeGateway answers from scripted functions and counts the calls.
type fakeGateway struct {
	payoutv1.PayoutGatewayServiceClient // the methods not scripted panic
	creates, processes, gets, lists     int
	create, process                     func(n int) (*payoutv1.PayoutInvoice, error)
	get                                 func(*payoutv1.GetPayoutInvoiceRequest) (*payoutv1.PayoutInvoice, error)
	list                                func(n int) error
}

func (f *fakeGateway) CreatePayoutInvoice(_ context.Context, _ *payoutv1.CreatePayoutInvoiceRequest,
	_ ...grpc.CallOption) (*payoutv1.PayoutInvoice, error) {
	f.creates++
	return f.create(f.creates)
}

func (f *fakeGateway) ProcessPayoutInvoice(_ context.Context, _ *payoutv1.ProcessPayoutInvoiceRequest,
	_ ...grpc.CallOption) (*payoutv1.PayoutInvoice, error) {
	f.processes++
	return f.process(f.processes)
}

func (f *fakeGateway) GetPayoutInvoice(_ context.Context, req *payoutv1.GetPayoutInvoiceRequest,
	_ ...grpc.CallOption) (*payoutv1.PayoutInvoice, error) {
	f.gets++
	return f.get(req)
}

func (f *fakeGateway) ListPayoutInvoices(context.Context, *payoutv1.ListPayoutInvoicesRequest,
	...grpc.CallOption) (*payoutv1.ListPayoutInvoicesResponse, error) {
	f.lists++
	return &payoutv1.ListPayoutInvoicesResponse{}, f.list(f.lists)
}

func clientOf(f *fakeGateway) *Client {
	return &Client{stub: f, callTimeout: time.Minute,
		retry: RetryOptions{DefaultDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond}.withDefaults()}
}

var (
	unreachable = status.Error(codes.Unavailable, "connection refused")
	notFound    = status.Error(codes.NotFound, "no such invoice")
	request     = &payoutv1.CreatePayoutInvoiceRequest{ReferenceId: "ref-1", Service: "test_usd",
		Currency: "USD", Amount: "12.30"}
	created = &payoutv1.PayoutInvoice{Id: "cpoi_1", Status: payoutv1.PayoutInvoiceStatus_PAYOUT_INVOICE_STATUS_CREATED,
		Currency: "USD", Amount: "12.3", PayoutService: &payoutv1.ResourceIdentifier{Id: "test_usd"}}
)

func TestReadRetriesUpToMaxAttempts(t *testing.T) {
	f := &fakeGateway{list: func(int) error { return unreachable }}
	if _, err := clientOf(f).ListPayoutInvoices(context.Background(), &payoutv1.ListPayoutInvoicesRequest{}); status.Code(err) != codes.Unavailable {
		t.Fatalf("err = %v", err)
	}
	if f.lists != 3 {
		t.Errorf("%d attempts, want 3", f.lists)
	}
}

func TestNoRetryWhenTheGatewayRetriedOrSaysNo(t *testing.T) {
	exhausted := gatewayError(t, codes.Unavailable, actRetry, map[string]string{"retries_exhausted": "true"}, nil)
	refused := gatewayError(t, codes.AlreadyExists, actExisting, nil, nil)
	for _, err := range []error{exhausted, refused} {
		f := &fakeGateway{list: func(int) error { return err }}
		if _, got := clientOf(f).ListPayoutInvoices(context.Background(), &payoutv1.ListPayoutInvoicesRequest{}); got != err {
			t.Errorf("got %v, want %v", got, err)
		}
		if f.lists != 1 {
			t.Errorf("%v: %d attempts, want 1", err, f.lists)
		}
	}
}

func TestRetryDelayIsCappedAndBoundedByTheDeadline(t *testing.T) {
	hour := time.Hour
	slow := gatewayError(t, codes.Unavailable, actRetry, nil, &hour)
	f := &fakeGateway{list: func(n int) error {
		if n < 3 {
			return slow
		}
		return nil
	}}
	start := time.Now()
	if _, err := clientOf(f).ListPayoutInvoices(context.Background(), &payoutv1.ListPayoutInvoicesRequest{}); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); f.lists != 3 || elapsed > time.Second {
		t.Errorf("%d attempts in %v, want 3 within the 10ms cap", f.lists, elapsed)
	}

	// The next attempt would start after the deadline: give up at once.
	f = &fakeGateway{list: func(int) error { return slow }}
	c := clientOf(f)
	c.retry.MaxDelay = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := c.ListPayoutInvoices(ctx, &payoutv1.ListPayoutInvoicesRequest{}); err != slow || f.lists != 1 {
		t.Errorf("err %v after %d attempts, want the gateway's after 1", err, f.lists)
	}
}

func TestCreateWithUnknownOutcome(t *testing.T) {
	other := &payoutv1.PayoutInvoice{Id: "cpoi_2", Currency: "USD", Amount: "99.00",
		PayoutService: &payoutv1.ResourceIdentifier{Id: "test_usd"}}
	for _, c := range []struct {
		name          string
		found         *payoutv1.PayoutInvoice
		lookupErr     error
		wantCreates   int
		wantInvoiceID string
		wantCode      codes.Code
	}{
		{"did not happen: sent again", nil, notFound, 2, "cpoi_1", codes.OK},
		{"happened: the invoice found", created, nil, 1, "cpoi_1", codes.OK},
		{"another payout holds the reference id", other, nil, 1, "", codes.Unavailable},
		{"lookup failed", nil, unreachable, 1, "", codes.Unavailable},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeGateway{
				create: func(n int) (*payoutv1.PayoutInvoice, error) {
					if n == 1 {
						return nil, unreachable
					}
					return created, nil
				},
				get: func(req *payoutv1.GetPayoutInvoiceRequest) (*payoutv1.PayoutInvoice, error) {
					if req.GetReferenceId() != "ref-1" {
						t.Errorf("looked up %v", req)
					}
					return c.found, c.lookupErr
				},
			}
			invoice, err := clientOf(f).CreatePayoutInvoice(context.Background(), request)
			if status.Code(err) != c.wantCode || invoice.GetId() != c.wantInvoiceID {
				t.Errorf("got %v, %v", invoice, err)
			}
			if f.creates != c.wantCreates || f.gets != 1 {
				t.Errorf("%d creates, %d lookups; want %d, 1", f.creates, f.gets, c.wantCreates)
			}
		})
	}
}

func TestProcessWithUnknownOutcome(t *testing.T) {
	processing := &payoutv1.PayoutInvoice{Id: "cpoi_1",
		Status: payoutv1.PayoutInvoiceStatus_PAYOUT_INVOICE_STATUS_PROCESSING}
	for _, c := range []struct {
		name          string
		found         *payoutv1.PayoutInvoice
		wantProcesses int
		wantStatus    payoutv1.PayoutInvoiceStatus
	}{
		{"still created: sent again", created, 2, payoutv1.PayoutInvoiceStatus_PAYOUT_INVOICE_STATUS_PROCESSING},
		{"already processing: the invoice found", processing, 1, payoutv1.PayoutInvoiceStatus_PAYOUT_INVOICE_STATUS_PROCESSING},
	} {
		t.Run(c.name, func(t *testing.T) {
			hinted := gatewayError(t, codes.Unavailable, actCheck, nil, nil)
			f := &fakeGateway{
				process: func(n int) (*payoutv1.PayoutInvoice, error) {
					if n == 1 {
						return nil, hinted
					}
					return processing, nil
				},
				get: func(req *payoutv1.GetPayoutInvoiceRequest) (*payoutv1.PayoutInvoice, error) {
					if req.GetId() != "cpoi_1" {
						t.Errorf("looked up %v", req)
					}
					return c.found, nil
				},
			}
			invoice, err := clientOf(f).ProcessPayoutInvoice(context.Background(),
				&payoutv1.ProcessPayoutInvoiceRequest{Id: "cpoi_1"})
			if err != nil || invoice.GetStatus() != c.wantStatus || f.processes != c.wantProcesses {
				t.Errorf("got %v, %v after %d processes", invoice, err, f.processes)
			}
		})
	}
}

func TestBadMetadataIsRefusedBeforeSending(t *testing.T) {
	background := context.Background()
	for _, ctx := range []context.Context{
		metadata.AppendToOutgoingContext(background, "x-request-id", "order/1"),
		metadata.AppendToOutgoingContext(background, "x-request-id", "a", "x-request-id", "b"),
		metadata.AppendToOutgoingContext(background, "authorization", "Bearer s3cret\r\n"),
		metadata.NewOutgoingContext(background, metadata.MD{"X-Tenant": {"a"}}),
	} {
		f := &fakeGateway{create: func(int) (*payoutv1.PayoutInvoice, error) { return created, nil }}
		_, err := clientOf(f).CreatePayoutInvoice(ctx, request)
		if status.Code(err) != codes.InvalidArgument || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("err = %v", err)
		}
		if f.creates != 0 {
			t.Errorf("sent %d creates", f.creates)
		}
	}
	ctx := metadata.AppendToOutgoingContext(background, "x-request-id", "order-1:create",
		"x-tenant", "shop 1", "x-trace-bin", "\xff\x00")
	f := &fakeGateway{create: func(int) (*payoutv1.PayoutInvoice, error) { return created, nil }}
	if _, err := clientOf(f).CreatePayoutInvoice(ctx, request); err != nil || f.creates != 1 {
		t.Errorf("good metadata: %v after %d creates", err, f.creates)
	}
}
