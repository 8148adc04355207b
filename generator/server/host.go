package server

import (
	"net"
	"net/netip"
	"strings"
)

// hostRule decides which Host headers the server answers.
//
// DNS rebinding: a page on evil.example makes its name resolve to
// 127.0.0.1 and then reads http://evil.example:1313/ as its own origin —
// the drafts of whoever runs bulletin serve. Such a request still says
// "Host: evil.example", so the server refuses names it was not started
// for. The rule, kept short so it can be told in the README:
//
//   - localhost and *.localhost (browsers resolve these themselves, never
//     through DNS) and loopback IP addresses are always allowed;
//   - so is the --bind address itself, as written;
//   - bound to anything but loopback (0.0.0.0, ::, a LAN address, a name),
//     any IP address is allowed too: other machines reach the server by
//     address, and an IP literal cannot be rebound to another machine.
//
// The port is not compared: it cannot make a name safe or unsafe, and a
// forwarded port (ssh -L, a container, an editor's port forwarding) arrives
// with another one.
type hostRule struct {
	bind       string // lower case, without brackets
	anyAddress bool   // bound beyond loopback: every IP literal is allowed
}

func hostRuleFor(bind string) hostRule {
	bind = normalHost(bind)
	if bind == "" || isLocalhost(bind) {
		return hostRule{bind: bind, anyAddress: bind == ""}
	}
	if ip, err := netip.ParseAddr(bind); err == nil && ip.Unmap().IsLoopback() {
		return hostRule{bind: bind}
	}
	return hostRule{bind: bind, anyAddress: true}
}

// allowed reports whether a request with this Host header is answered.
func (h hostRule) allowed(hostHeader string) bool {
	host := hostHeader
	if name, _, err := net.SplitHostPort(hostHeader); err == nil {
		host = name
	}
	host = normalHost(host)
	switch {
	case host == "":
		return false
	case isLocalhost(host), host == h.bind:
		return true
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	return ip.Unmap().IsLoopback() || h.anyAddress
}

// normalHost lower-cases a host and drops IPv6 brackets and one trailing
// dot (the fully qualified form of the same name).
func normalHost(host string) string {
	if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	return strings.ToLower(strings.TrimSuffix(host, "."))
}

func isLocalhost(host string) bool {
	return host == "localhost" || strings.HasSuffix(host, ".localhost")
}
