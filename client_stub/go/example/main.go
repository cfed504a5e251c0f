// Pays out through the gateway from Go: creates a payout, watches it while it
// is processed until its final status, then shows how to read an error's
// hint.
//
//	go run ./example GATEWAY_ADDRESS REFERENCE_ID [CALLBACK_URL]
//
// CALLBACK_URL is where Corefy posts the payout's status changes: the
// gateway's callback port, so that the watch gets them pushed.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	payoutv1 "payout-gateway/client_stub/go/corefy/payout/v1"
)

// hintOf returns the gateway's RetryHint of a failed call, if any.
func hintOf(err error) *payoutv1.RetryHint {
	for _, detail := range status.Convert(err).Details() {
		if hint, ok := detail.(*payoutv1.RetryHint); ok {
			return hint
		}
	}
	return nil
}

func showChange(event *payoutv1.PayoutInvoiceEvent) {
	fmt.Printf("change %s via %s\n", event.Invoice.Status, event.Source)
}

func main() {
	if len(os.Args) != 3 && len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: example GATEWAY_ADDRESS REFERENCE_ID [CALLBACK_URL]")
		os.Exit(2)
	}
	callbackURL := ""
	if len(os.Args) == 4 {
		callbackURL = os.Args[3]
	}
	conn, err := grpc.Dial(os.Args[1], grpc.WithInsecure())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer conn.Close()
	client := payoutv1.NewPayoutGatewayServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	create := &payoutv1.CreatePayoutInvoiceRequest{
		ReferenceId: os.Args[2],
		Service:     "test_usd",
		Currency:    "USD",
		Amount:      "12.34",
		Fields:      map[string]string{"account": "4000123456"},
		CallbackUrl: callbackURL,
	}
	invoice, err := client.CreatePayoutInvoice(ctx, create)
	if err != nil {
		fmt.Fprintln(os.Stderr, "create:", err)
		os.Exit(1)
	}

	// The watch sends the current state first, then each change; it ends
	// after the final status.
	changes, err := client.WatchPayoutInvoice(ctx,
		&payoutv1.WatchPayoutInvoiceRequest{
			Lookup: &payoutv1.WatchPayoutInvoiceRequest_Id{Id: invoice.Id}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "watch:", err)
		os.Exit(1)
	}
	current, err := changes.Recv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "watch:", err)
		os.Exit(1)
	}
	showChange(current)
	if _, err := client.ProcessPayoutInvoice(ctx,
		&payoutv1.ProcessPayoutInvoiceRequest{Id: invoice.Id}); err != nil {
		fmt.Fprintln(os.Stderr, "process:", err)
		os.Exit(1)
	}
	last := current.Invoice
	for {
		change, err := changes.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "watch:", err)
			os.Exit(1)
		}
		showChange(change)
		last = change.Invoice
	}
	fmt.Printf("paid %s (%s)\n", last.Id, last.UpstreamStatus)

	// The same reference id for another amount: the gateway refuses and its
	// hint says which invoice holds the reference id.
	create.Amount = "99.00"
	_, err = client.CreatePayoutInvoice(ctx, create)
	hint := hintOf(err)
	if status.Code(err).String() != "AlreadyExists" || hint == nil {
		fmt.Fprintln(os.Stderr, "expected ALREADY_EXISTS with a hint, got", err)
		os.Exit(1)
	}
	fmt.Printf("hint %s invoice %s\n", hint.Action, hint.InvoiceId)
}
