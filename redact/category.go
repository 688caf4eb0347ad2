package redact

import (
	"fmt"
	"strings"
)

// A Category names a kind of sensitive (or deliberately kept) value.
type Category string

// The categories redactpack knows. The first group is hidden by the default
// policy; txid and ticket are found so that they can be protected from the
// other detectors, and kept.
const (
	Email   Category = "email"
	Phone   Category = "phone"
	Address Category = "address"
	Balance Category = "balance"
	Wallet  Category = "wallet"
	IDNum   Category = "idnum"
	Card    Category = "card"
	Seed    Category = "seed"
	Name    Category = "name"    // a person's name, after a label such as "Name" or "姓名", or from the deny list
	Account Category = "account" // a user or account ID after a label such as "UID" or "账户"
	TxID    Category = "txid"
	Ticket  Category = "ticket"

	// Deny marks terms from the policy's deny list. It is always hidden
	// and is not a category a policy can set.
	Deny Category = "deny"
)

// Categories returns every category in the order reports show them.
func Categories() []Category {
	return []Category{Email, Phone, Address, Balance, Wallet, IDNum, Card, Seed, Name, Account, TxID, Ticket}
}

// ParseCategory returns the category named s (case-insensitive).
func ParseCategory(s string) (Category, error) {
	c := Category(strings.ToLower(strings.TrimSpace(s)))
	all := Categories()
	for _, k := range all {
		if c == k {
			return c, nil
		}
	}
	names := make([]string, len(all))
	for i, k := range all {
		names[i] = string(k)
	}
	return "", fmt.Errorf("unknown category %q (known: %s)", s, strings.Join(names, ", "))
}
