package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// The client address behind a load balancer. Rate limits, sign-in
// buckets, the audit log and the logs count by the client's address;
// behind HAProxy every connection comes from the proxy, so without
// this every client would share one bucket. X-Forwarded-For is read only
// when the connection comes from a trusted proxy, and then from the
// right: each trusted proxy appends the address it was connected from,
// so the rightmost address that is not a trusted proxy is the client
// (anything left of it the client may have written itself).

// TrustedProxies is a list of address prefixes (CIDR) of the reverse
// proxies whose X-Forwarded-For is believed. Its text form, as a flag
// value, is a comma-separated list; a bare address is a one-address
// prefix.
type TrustedProxies []netip.Prefix

// String is the comma-separated list.
func (p *TrustedProxies) String() string {
	if p == nil {
		return ""
	}
	s := make([]string, len(*p))
	for i, pre := range *p {
		s[i] = pre.String()
	}
	return strings.Join(s, ",")
}

// Set parses a comma-separated list of CIDR prefixes or addresses,
// replacing the list ("" empties it).
func (p *TrustedProxies) Set(v string) error {
	var out TrustedProxies
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		pre, err := parseProxy(f)
		if err != nil {
			return err
		}
		out = append(out, pre)
	}
	*p = out
	return nil
}

func parseProxy(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		pre, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("trusted proxy %q: not a CIDR prefix such as 10.0.0.0/8 or ::1/128", s)
		}
		if pre.Addr().Is4In6() {
			return netip.Prefix{}, fmt.Errorf("trusted proxy %q: write an IPv4 prefix as such (%s/%d)", s, pre.Addr().Unmap(), pre.Bits()-96)
		}
		return pre.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("trusted proxy %q: not an address nor a CIDR prefix", s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// trusts reports whether a is the address of a trusted proxy.
func (p TrustedProxies) trusts(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	for _, pre := range p {
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

// client returns the client's address of r: the connection's peer, or,
// when the peer is a trusted proxy, the rightmost address of
// X-Forwarded-For that is not a trusted proxy (the leftmost if all are).
// A hop that is not an address ends the walk at the hop right of it.
func (p TrustedProxies) client(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || len(p) == 0 || !p.trusts(peer) {
		return host
	}
	client := peer.Unmap()
	hops := r.Header.Values("X-Forwarded-For") // one line per proxy that added one, in order
	for i := len(hops) - 1; i >= 0; i-- {
		parts := strings.Split(hops[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(parts[j]))
			if err != nil {
				return client.String()
			}
			client = a.Unmap()
			if !p.trusts(client) {
				return client.String()
			}
		}
	}
	return client.String()
}

// clientKey is the context key of the client's address, set by secure.
type clientKey struct{}

// withClient notes the client's address of r in its context.
func (s *Server) withClient(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), clientKey{}, s.security.TrustedProxies.client(r)))
}

// clientAddr is the client's address of r, which rate limits, the audit
// log and the logs count by: as secure found it (see TrustedProxies), or
// the connection's peer for a request that did not pass there.
func clientAddr(r *http.Request) string {
	if a, ok := r.Context().Value(clientKey{}).(string); ok {
		return a
	}
	return TrustedProxies(nil).client(r)
}
