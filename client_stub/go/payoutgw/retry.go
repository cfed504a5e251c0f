package payoutgw

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"

	payoutv1 "payout-gateway.internal/client/corefy/payout/v1"
)

// RetryOptions says how Client follows the gateway's retry hints. Zero
// fields take the defaults.
type RetryOptions struct {
	// Calls to the gateway per RPC, the first included (default 3). 1 turns
	// retries off.
	MaxAttempts int
	// Never wait longer than this between attempts, whatever RetryInfo says
	// (default 5s).
	MaxDelay time.Duration
	// The wait when the gateway gives none, e.g. it could not be reached
	// (default 200ms).
	DefaultDelay time.Duration
}

func (r RetryOptions) withDefaults() RetryOptions {
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = 3
	}
	if r.MaxDelay <= 0 {
		r.MaxDelay = 5 * time.Second
	}
	if r.DefaultDelay <= 0 {
		r.DefaultDelay = 200 * time.Millisecond
	}
	return r
}

// callKind is the kind of RPC, which decides what an unhinted failure
// allows.
type callKind int

const (
	kindRead callKind = iota
	kindCreate
	kindProcess
)

type nextStep int

const (
	stepStop           nextStep = iota // return the error
	stepRetry                          // send the same request again
	stepCheckThenRetry                 // look the invoice up; re-send only if it did not happen
)

// decideNextStep is what the client does after a failed attempt. The
// gateway's hint decides, unless the gateway says it already retried the
// call upstream (then the error is returned: retries happen at one layer);
// without a hint (the gateway was not reached, or answered without details)
// a read is retried on UNAVAILABLE and a create or process is checked first,
// because the gateway may have acted before the connection failed.
func decideNextStep(kind callKind, e *PayoutError) nextStep {
	if e.GatewayRetriesExhausted() {
		return stepStop
	}
	switch e.Action {
	case payoutv1.RetryHint_ACTION_RETRY:
		return stepRetry
	case payoutv1.RetryHint_ACTION_CHECK_STATUS_THEN_RETRY:
		return readOrCheck(kind)
	case payoutv1.RetryHint_ACTION_UNSPECIFIED:
		if e.Code != codes.Unavailable {
			return stepStop
		}
		return readOrCheck(kind)
	default:
		return stepStop
	}
}

func readOrCheck(kind callKind) nextStep {
	if kind == kindRead {
		return stepRetry
	}
	return stepCheckThenRetry
}

// delayBeforeRetry is the gateway's RetryInfo delay, else the default,
// never more than the cap.
func delayBeforeRetry(e *PayoutError, r RetryOptions) time.Duration {
	delay := r.DefaultDelay
	if e.HasRetryDelay {
		delay = e.RetryDelay
	}
	if delay > r.MaxDelay {
		return r.MaxDelay
	}
	return delay
}

// checked is the outcome of looking up, after an unknown outcome, whether a
// create or a process happened.
type checked[T any] struct {
	happened bool // then result is the answer to return
	unknown  bool // the lookup failed: give up with the call's error
	result   T
}

// retrying calls once until success, or until the hint, the attempts or
// ctx's deadline say stop. A create or process with an unknown outcome is
// re-sent only after check found that it did not happen. The error
// returned is the last attempt's, undecoded; bad request metadata in ctx
// is refused before the first.
func retrying[T any](ctx context.Context, retry RetryOptions, kind callKind,
	once func() (T, error), check func() checked[T]) (T, error) {
	if err := checkMetadata(ctx); err != nil {
		var none T
		return none, err
	}
	for attempt := 1; ; attempt++ {
		result, err := once()
		if err == nil || attempt >= retry.MaxAttempts {
			return result, err
		}
		e := ErrorOf(err)
		switch decideNextStep(kind, e) {
		case stepStop:
			return result, err
		case stepCheckThenRetry:
			c := check()
			if c.happened {
				return c.result, nil
			}
			if c.unknown {
				return result, err
			}
		}
		delay := delayBeforeRetry(e, retry)
		if deadline, ok := ctx.Deadline(); ok && !time.Now().Add(delay).Before(deadline) {
			return result, err
		}
		if !sleep(ctx, delay) {
			return result, err
		}
	}
}

// sleep waits for d, or less if ctx ends first (then it returns false).
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}
