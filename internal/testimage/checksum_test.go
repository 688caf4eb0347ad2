package testimage

import (
	"encoding/hex"
	"strings"

	"golang.org/x/crypto/sha3"
)

// bech32Valid checks a segwit v0 address's BIP 173 checksum.
func bech32Valid(addr string) bool {
	const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	i := strings.LastIndexByte(addr, '1')
	if i < 1 || len(addr)-i < 7 {
		return false
	}
	hrp := addr[:i]
	var v []byte
	for _, c := range hrp {
		v = append(v, byte(c)>>5)
	}
	v = append(v, 0)
	for _, c := range hrp {
		v = append(v, byte(c)&31)
	}
	for _, c := range addr[i+1:] {
		d := strings.IndexRune(charset, c)
		if d < 0 {
			return false
		}
		v = append(v, byte(d))
	}
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, x := range v {
		b := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(x)
		for i := range gen {
			if (b>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk == 1
}

// eip55Valid checks the mixed-case checksum of an Ethereum address.
func eip55Valid(addr string) bool {
	hexPart, ok := strings.CutPrefix(addr, "0x")
	if !ok || len(hexPart) != 40 || !isHex(hexPart) {
		return false
	}
	h := sha3.NewLegacyKeccak256()
	h.Write([]byte(strings.ToLower(hexPart)))
	sum := hex.EncodeToString(h.Sum(nil))
	for i, c := range hexPart {
		upper := c >= 'A' && c <= 'F'
		lower := c >= 'a' && c <= 'f'
		if upper && sum[i] < '8' || lower && sum[i] >= '8' {
			return false
		}
	}
	return true
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil && len(s)%2 == 0
}
