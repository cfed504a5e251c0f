package payoutgw

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang/protobuf/ptypes/duration"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	payoutv1 "payout-gateway.internal/client/corefy/payout/v1"
)

// gatewayError builds an error the way the gateway sends it.
func gatewayError(t *testing.T, code codes.Code, action payoutv1.RetryHint_Action,
	metadata map[string]string, retryDelay *time.Duration) error {
	t.Helper()
	st := status.New(code, "upstream said no")
	st, err := st.WithDetails(
		&errdetails.ErrorInfo{Reason: "TEST_REASON", Domain: "payout-gateway.corefy.io", Metadata: metadata},
		&payoutv1.RetryHint{Action: action, InvoiceId: "cpoi_1", ReferenceId: "ref-1"})
	if err != nil {
		t.Fatal(err)
	}
	if retryDelay != nil {
		d := &duration.Duration{Seconds: int64(*retryDelay / time.Second),
			Nanos: int32(*retryDelay % time.Second)}
		if st, err = st.WithDetails(&errdetails.RetryInfo{RetryDelay: d}); err != nil {
			t.Fatal(err)
		}
	}
	return st.Err()
}

func TestErrorOfDecodesTheGatewayDetails(t *testing.T) {
	delay := 1500 * time.Millisecond
	err := gatewayError(t, codes.Unavailable, payoutv1.RetryHint_ACTION_RETRY,
		map[string]string{"retries_exhausted": "true", "http_status": "503"}, &delay)
	st, _ := status.FromError(err)
	st, _ = st.WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
		{Field: "amount", Description: "must be a positive decimal"}}})

	e := ErrorOf(fmt.Errorf("wrapped: %w", st.Err()))
	if e.Code != codes.Unavailable || e.Message != "upstream said no" {
		t.Errorf("code/message = %v %q", e.Code, e.Message)
	}
	if e.Reason != "TEST_REASON" || e.Domain != "payout-gateway.corefy.io" || e.Metadata["http_status"] != "503" {
		t.Errorf("error info = %q %q %v", e.Reason, e.Domain, e.Metadata)
	}
	if !e.GatewayRetriesExhausted() {
		t.Error("retries_exhausted not seen")
	}
	if !e.HasRetryDelay || e.RetryDelay != delay {
		t.Errorf("retry delay = %v (%v)", e.RetryDelay, e.HasRetryDelay)
	}
	if e.Action != payoutv1.RetryHint_ACTION_RETRY || e.InvoiceID != "cpoi_1" || e.ReferenceID != "ref-1" {
		t.Errorf("hint = %v %q %q", e.Action, e.InvoiceID, e.ReferenceID)
	}
	if len(e.Violations) != 1 || e.Violations[0].Field != "amount" {
		t.Errorf("violations = %v", e.Violations)
	}
	want := "Unavailable: upstream said no -- retry after 1.5s; field amount: must be a positive decimal"
	if e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}
	if status.Code(e) != codes.Unavailable {
		t.Errorf("status.Code(PayoutError) = %v", status.Code(e))
	}
}

func TestErrorOfOtherErrors(t *testing.T) {
	if ErrorOf(nil) != nil {
		t.Error("ErrorOf(nil) != nil")
	}
	e := ErrorOf(errors.New("boom"))
	if e.Code != codes.Unknown || e.Message != "boom" || e.Action != payoutv1.RetryHint_ACTION_UNSPECIFIED {
		t.Errorf("plain error decoded as %+v", e)
	}
	if e.GatewayRetriesExhausted() {
		t.Error("no metadata, yet retries exhausted")
	}
}

func TestErrorOfSkipsMalformedDetails(t *testing.T) {
	// A RetryInfo whose nanos are out of range gives no delay, not a bogus one.
	st, _ := status.New(codes.Unavailable, "x").WithDetails(
		&errdetails.RetryInfo{RetryDelay: &duration.Duration{Seconds: 1, Nanos: 2e9}})
	if e := ErrorOf(st.Err()); e.HasRetryDelay {
		t.Errorf("malformed delay decoded as %v", e.RetryDelay)
	}
	// Garbage bytes under a known type name are skipped.
	p := st.Proto()
	p.Details[0].TypeUrl = "type.googleapis.com/corefy.payout.v1.RetryHint"
	p.Details[0].Value = []byte{0xff, 0xff, 0xff}
	e := ErrorOf(status.ErrorProto(p))
	if e.Code != codes.Unavailable || e.Action != payoutv1.RetryHint_ACTION_UNSPECIFIED {
		t.Errorf("garbage detail decoded as %+v", e)
	}
	if !strings.HasPrefix(e.Error(), "Unavailable: x") {
		t.Errorf("Error() = %q", e.Error())
	}
}

func TestErrorOfCountsAnUnknownActionAsNone(t *testing.T) {
	err := gatewayError(t, codes.Unavailable, payoutv1.RetryHint_Action(42), nil, nil)
	e := ErrorOf(err)
	if e.Action != payoutv1.RetryHint_ACTION_UNSPECIFIED || e.InvoiceID != "cpoi_1" {
		t.Errorf("hint = %v %q", e.Action, e.InvoiceID)
	}
	if decideNextStep(kindCreate, e) != stepCheckThenRetry {
		t.Error("an unreachable gateway's create is not checked first")
	}
}
