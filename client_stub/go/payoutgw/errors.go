package payoutgw

import (
	"errors"
	"fmt"
	"strings"
	"time"

	protov1 "github.com/golang/protobuf/proto"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/anypb"

	payoutv1 "payout-gateway.internal/client/corefy/payout/v1"
)

// FieldViolation is one invalid field of a request (google.rpc.BadRequest).
type FieldViolation struct {
	Field       string // proto path, e.g. "amount", "fields.account"
	Description string
}

// PayoutError is a failed call, decoded: the gRPC code and message, and the
// details the gateway packs into the `grpc-status-details-bin` trailer
// (google.rpc ErrorInfo, BadRequest and RetryInfo, and its RetryHint).
type PayoutError struct {
	Code    codes.Code
	Message string

	// ErrorInfo: e.g. "UPSTREAM_UNAVAILABLE", "payout-gateway.corefy.io",
	// and metadata such as http_status, attempts, retries_exhausted.
	Reason   string
	Domain   string
	Metadata map[string]string

	// BadRequest: one entry per invalid field.
	Violations []FieldViolation

	// RetryInfo: how long to wait before retrying, when retrying is right
	// (HasRetryDelay tells a zero delay from none).
	RetryDelay    time.Duration
	HasRetryDelay bool

	// RetryHint: what to do about the error. ACTION_UNSPECIFIED when the
	// gateway sent none (it was not reached, or the call's own deadline
	// passed) or one this client does not know.
	Action            payoutv1.RetryHint_Action
	ActionDescription string
	InvoiceID         string
	ReferenceID       string

	status *status.Status
}

// ErrorOf decodes an error returned by Client (or by the generated client)
// and returns nil for a nil error. An error that is not a gRPC status gets
// code Unknown and no details. Details that do not parse are skipped: the
// code and message are still right.
func ErrorOf(err error) *PayoutError {
	if err == nil {
		return nil
	}
	var known *PayoutError
	if errors.As(err, &known) {
		return known
	}
	st := statusOf(err)
	e := &PayoutError{Code: st.Code(), Message: st.Message(), status: st}
	for _, detail := range st.Proto().GetDetails() {
		e.add(detail)
	}
	return e
}

// statusOf finds the gRPC status in err, also when err wraps it.
func statusOf(err error) *status.Status {
	var withStatus interface{ GRPCStatus() *status.Status }
	if errors.As(err, &withStatus) {
		if st := withStatus.GRPCStatus(); st != nil {
			return st
		}
	}
	return status.New(codes.Unknown, err.Error())
}

// add records one detail of a known type; unknown types are skipped.
func (e *PayoutError) add(detail *anypb.Any) {
	switch detail.MessageName() {
	case "google.rpc.ErrorInfo":
		var info errdetails.ErrorInfo
		if unpack(detail, &info) {
			e.Reason, e.Domain = info.GetReason(), info.GetDomain()
			e.Metadata = make(map[string]string, len(info.GetMetadata()))
			for k, v := range info.GetMetadata() {
				e.Metadata[k] = v
			}
		}
	case "google.rpc.BadRequest":
		var bad errdetails.BadRequest
		if unpack(detail, &bad) {
			for _, v := range bad.GetFieldViolations() {
				e.Violations = append(e.Violations,
					FieldViolation{Field: v.GetField(), Description: v.GetDescription()})
			}
		}
	case "google.rpc.RetryInfo":
		var retry errdetails.RetryInfo
		// A malformed duration (nanos out of range) counts as no delay given.
		if unpack(detail, &retry) && retry.GetRetryDelay().CheckValid() == nil {
			e.RetryDelay, e.HasRetryDelay = retry.GetRetryDelay().AsDuration(), true
		}
	case "corefy.payout.v1.RetryHint":
		var hint payoutv1.RetryHint
		if unpack(detail, &hint) {
			// An action newer than this client counts as none, as in the
			// C++ client: the code alone then decides.
			if _, known := payoutv1.RetryHint_Action_name[int32(hint.GetAction())]; known {
				e.Action = hint.GetAction()
			}
			e.ActionDescription = hint.GetDescription()
			e.InvoiceID, e.ReferenceID = hint.GetInvoiceId(), hint.GetReferenceId()
		}
	}
}

// unpack parses a detail into m. MessageV2 also adapts the older
// genproto messages Debian ships to the current protobuf API.
func unpack(detail *anypb.Any, m protov1.Message) bool {
	return detail.UnmarshalTo(protov1.MessageV2(m)) == nil
}

// GatewayRetriesExhausted reports whether the gateway already retried the
// call upstream as far as its policy allows (ErrorInfo metadata
// `retries_exhausted`): retrying it again at once only multiplies the load
// (gRFC A6 retries at one layer).
func (e *PayoutError) GatewayRetriesExhausted() bool {
	return e.Metadata["retries_exhausted"] == "true"
}

// GRPCStatus returns the status the error was decoded from, so that
// status.Code and status.FromError work on a PayoutError too.
func (e *PayoutError) GRPCStatus() *status.Status {
	if e.status == nil {
		return status.New(e.Code, e.Message)
	}
	return e.status
}

// Error is one line for people: code, message and what to do, e.g.
// "Unavailable: upstream answered HTTP 503 -- retry after 2s".
func (e *PayoutError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", e.Code, e.Message)
	switch e.Action {
	case payoutv1.RetryHint_ACTION_RETRY:
		b.WriteString(" -- retry")
		if e.HasRetryDelay {
			fmt.Fprintf(&b, " after %s", e.RetryDelay)
		}
	case payoutv1.RetryHint_ACTION_CHECK_STATUS_THEN_RETRY:
		b.WriteString(" -- check status first")
		if e.ReferenceID != "" {
			fmt.Fprintf(&b, " (reference_id %s)", e.ReferenceID)
		}
	case payoutv1.RetryHint_ACTION_FIX_REQUEST:
		b.WriteString(" -- fix the request")
	case payoutv1.RetryHint_ACTION_FIX_CREDENTIALS:
		b.WriteString(" -- the gateway's credentials need fixing")
	case payoutv1.RetryHint_ACTION_USE_EXISTING_INVOICE:
		fmt.Fprintf(&b, " -- use the existing invoice %s", e.InvoiceID)
	case payoutv1.RetryHint_ACTION_DO_NOT_RETRY:
		b.WriteString(" -- do not retry")
	}
	for _, v := range e.Violations {
		fmt.Fprintf(&b, "; field %s: %s", v.Field, v.Description)
	}
	return b.String()
}
