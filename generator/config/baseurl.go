package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// CheckBaseURL reports why s cannot be a site's base_url (or the
// --base-url that overrides it), or returns nil.
//
// base_url is written in front of every absolute link the site publishes:
// feeds, the sitemap, canonical and hreflang links. So it must be a plain
// web address a reader's browser and feed reader open as one: http or
// https (not javascript:, data: or file:, which would run or read
// something else), a host, and nothing that turns the page paths appended
// to it into something else — no query or fragment (the path would land
// inside it), no user name or password (published to every reader, and
// the classic way to disguise the real host), no backslash (browsers read
// it as a slash, so the host they see differs from the one Go parses), no
// spaces or control characters.
func CheckBaseURL(s string) error {
	why, ok := baseURLProblem(s)
	if ok {
		return nil
	}
	msg := fmt.Sprintf("%q must be an http or https URL such as https://notices.example.gov.cn/", s)
	if why != "" {
		msg += ", " + why
	}
	return errors.New(msg)
}

// baseURLProblem says what is wrong with s beyond not being an http or
// https URL with a host, which the message says anyway; ok is true when
// nothing is.
func baseURLProblem(s string) (why string, ok bool) {
	if strings.TrimSpace(s) == "" {
		return "", false
	}
	if !utf8.ValidString(s) {
		return "", false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			return "without spaces or control characters", false
		}
	}
	if strings.Contains(s, `\`) {
		return "without backslashes", false
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", false
	case u.Opaque != "" || u.Host == "":
		return "", false
	case u.Hostname() == "":
		return "", false
	case u.User != nil:
		return "without a user name or password", false
	case strings.ContainsAny(s, "?#"):
		return "without a query or fragment", false
	}
	return "", true
}
