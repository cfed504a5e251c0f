// Pays out through the gateway from Go: creates a payout, watches it while it
// is processed until its final status, then shows how to read an error's
// hint.
//
//	example GATEWAY_ADDRESS REFERENCE_ID [CALLBACK_URL]
//
// CALLBACK_URL is where Corefy posts the payout's status changes: the
// gateway's callback port, so that the watch gets them pushed.
//
// TLS comes from the environment: PAYOUT_GATEWAY_TLS_CA (the CA file that
// signed the gateway's certificate), PAYOUT_GATEWAY_TLS_CERT and
// PAYOUT_GATEWAY_TLS_KEY (this client's certificate, for mTLS) and
// PAYOUT_GATEWAY_TLS_SERVER_NAME (the name to check the gateway's
// certificate against, if not the address's host). Without them the
// connection is plaintext, which only a loopback gateway accepts.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"google.golang.org/grpc/codes"

	payoutv1 "payout-gateway.internal/client/corefy/payout/v1"
	"payout-gateway.internal/client/payoutgw"
)

func main() {
	if len(os.Args) != 3 && len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: example GATEWAY_ADDRESS REFERENCE_ID [CALLBACK_URL]")
		os.Exit(2)
	}
	callbackURL := ""
	if len(os.Args) == 4 {
		callbackURL = os.Args[3]
	}
	if err := run(os.Args[1], os.Args[2], callbackURL); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// tlsOptions reads the TLS settings from the environment.
func tlsOptions() []payoutgw.Option {
	var opts []payoutgw.Option
	if ca := os.Getenv("PAYOUT_GATEWAY_TLS_CA"); ca != "" {
		opts = append(opts, payoutgw.WithCAFile(ca))
	}
	cert, key := os.Getenv("PAYOUT_GATEWAY_TLS_CERT"), os.Getenv("PAYOUT_GATEWAY_TLS_KEY")
	if cert != "" || key != "" {
		opts = append(opts, payoutgw.WithClientCertificate(cert, key))
	}
	if name := os.Getenv("PAYOUT_GATEWAY_TLS_SERVER_NAME"); name != "" {
		opts = append(opts, payoutgw.WithServerName(name))
	}
	return opts
}

func run(address, referenceID, callbackURL string) error {
	fmt.Printf("client %s %s\n", payoutgw.Version, payoutgw.ProtoAPIVersion)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := payoutgw.Dial(ctx, address, tlsOptions()...)
	if err != nil {
		return err
	}
	defer client.Close()

	create := &payoutv1.CreatePayoutInvoiceRequest{
		ReferenceId: referenceID,
		Service:     "test_usd",
		Currency:    "USD",
		Amount:      "12.34",
		Fields:      map[string]string{"account": "4000123456"},
		CallbackUrl: callbackURL,
	}
	invoice, err := client.CreatePayoutInvoice(ctx, create)
	if err != nil {
		return fmt.Errorf("create: %w", payoutgw.ErrorOf(err))
	}

	// The watch sends the current state first, then each change; it ends
	// after the final status.
	changes, err := client.WatchPayoutInvoice(ctx, &payoutv1.WatchPayoutInvoiceRequest{
		Lookup: &payoutv1.WatchPayoutInvoiceRequest_Id{Id: invoice.GetId()}})
	if err != nil {
		return fmt.Errorf("watch: %w", payoutgw.ErrorOf(err))
	}
	current, err := changes.Recv()
	if err != nil {
		return fmt.Errorf("watch: %w", payoutgw.ErrorOf(err))
	}
	showChange(current)
	if _, err := client.ProcessPayoutInvoice(ctx,
		&payoutv1.ProcessPayoutInvoiceRequest{Id: invoice.GetId()}); err != nil {
		return fmt.Errorf("process: %w", payoutgw.ErrorOf(err))
	}
	last := current.GetInvoice()
	for {
		change, err := changes.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("watch: %w", payoutgw.ErrorOf(err))
		}
		showChange(change)
		last = change.GetInvoice()
	}
	fmt.Printf("paid %s (%s)\n", last.GetId(), last.GetUpstreamStatus())

	// The same reference id for another amount: the gateway refuses, and
	// its hint says which invoice holds the reference id. The client does
	// not retry this one.
	create.Amount = "99.00"
	_, err = client.CreatePayoutInvoice(ctx, create)
	refused := payoutgw.ErrorOf(err)
	if refused == nil || refused.Code != codes.AlreadyExists ||
		refused.Action == payoutv1.RetryHint_ACTION_UNSPECIFIED {
		return fmt.Errorf("expected ALREADY_EXISTS with a hint, got %v", err)
	}
	fmt.Printf("hint %s invoice %s\n", refused.Action, refused.InvoiceID)
	fmt.Printf("error %s reason %s\n", refused.Code, refused.Reason)
	return nil
}

func showChange(event *payoutv1.PayoutInvoiceEvent) {
	fmt.Printf("change %s via %s\n", event.GetInvoice().GetStatus(), event.GetSource())
}
