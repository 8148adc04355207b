package config

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"bulletin/generator/diag"
)

// Trust marks: what tells a resident the site is the office's own — its
// emblem beside the title, the favicon, and the registration numbers
// Chinese government sites show in the footer (网站标识码, ICP备案号,
// 公安备案号).

// Logo is the site's emblem, shown beside the title in the header.
type Logo struct {
	// File names a file in templates/assets/ (the site's own or the
	// theme's), published with a content hash like every asset.
	File string `yaml:"file"`
	// Alt is the image's text. Empty marks the emblem as decorative
	// (alt=""): the title beside it already names the site. Nil (left
	// out) in a language falls back to the site's.
	Alt *string `yaml:"alt"`
}

// AltText returns Alt, or "" when it is not set.
func (l *Logo) AltText() string {
	if l == nil || l.Alt == nil {
		return ""
	}
	return *l.Alt
}

// AssetRef is a file of templates/assets/ that config.yaml names, with
// where: the build checks that the theme has it once the theme is loaded.
type AssetRef struct {
	Name string
	At   diag.Pos
}

// PoliceFilingURL returns the public security register's page for a
// 公安备案号 such as "京公网安备 11000002000001号".
func PoliceFilingURL(number string) string {
	return "https://beian.mps.gov.cn/#/query/webSearch?code=" + policeCode(number)
}

var (
	// 网站标识码: ten letters or digits, e.g. 1100000088 or bm01000001.
	siteIDCode = regexp.MustCompile(`^[A-Za-z0-9]{10}$`)
	// ICP备案号: a province's one-character abbreviation, ICP备, the
	// number, 号, and for one of several sites under a filing "-N".
	icpNumber = regexp.MustCompile(`^\p{Han}ICP备\d{4,12}号(-\d{1,3})?$`)
	// 公安备案号: a province's abbreviation, 公网安备, 14 digits, 号.
	policeNumber = regexp.MustCompile(`^\p{Han}公网安备 ?(\d{14})号$`)
	// Image types a browser shows in an <img> or as a favicon.
	imageExt = map[string]bool{".png": true, ".svg": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".ico": true}
)

func policeCode(number string) string {
	if m := policeNumber.FindStringSubmatch(number); m != nil {
		return m[1]
	}
	return ""
}

// checkTrust validates the trust marks and fills what derives from them.
func (c *Config) checkTrust(at func(string) diag.Pos, l *diag.List) {
	if c.SiteIDCode != "" && !siteIDCode.MatchString(c.SiteIDCode) {
		l.Add(at("site_id_code").Errorf("site_id_code %q: a 网站标识码 is 10 letters or digits, such as 1100000088", c.SiteIDCode))
	}
	if c.ICP != "" && !icpNumber.MatchString(c.ICP) {
		l.Add(at("icp").Errorf("icp %q: an ICP备案号 reads like 京ICP备12345678号 or 京ICP备12345678号-1", c.ICP))
	}
	switch {
	case c.PoliceFiling == "" && c.PoliceFilingURL != "":
		l.Add(at("police_filing_url").Errorf("police_filing_url needs police_filing, the number it links"))
	case c.PoliceFiling == "":
	case !policeNumber.MatchString(c.PoliceFiling):
		l.Add(at("police_filing").Errorf("police_filing %q: a 公安备案号 reads like 京公网安备 11000002000001号 (14 digits)", c.PoliceFiling))
	case c.PoliceFilingURL == "":
		c.PoliceFilingURL = PoliceFilingURL(c.PoliceFiling)
	default:
		if u, err := url.Parse(c.PoliceFilingURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			l.Add(at("police_filing_url").Errorf("police_filing_url %q must be an http or https URL, such as %s", c.PoliceFilingURL, PoliceFilingURL(c.PoliceFiling)))
		}
	}
	c.logo(c.Logo, "logo", at, l)
	c.asset(c.Favicon, "favicon", at, l)
	for _, key := range sortedKeys(c.Languages) {
		if lg := c.Languages[key]; lg != nil {
			c.logo(lg.Logo, "languages."+key+".logo", at, l)
		}
	}
}

func (c *Config) logo(lg *Logo, field string, at func(string) diag.Pos, l *diag.List) {
	if lg == nil {
		return
	}
	if lg.File == "" && field == "logo" {
		l.Add(at(field).Errorf("logo needs file, an image in templates/assets/ such as emblem.svg"))
		return
	}
	c.asset(lg.File, field+".file", at, l)
}

// asset checks the name of a file in templates/assets/ and notes it for
// the build, which checks that the theme has it.
func (c *Config) asset(name, field string, at func(string) diag.Pos, l *diag.List) {
	if name == "" {
		return
	}
	clean := path.Clean(name)
	switch {
	case clean != name || strings.HasPrefix(name, "/") || strings.HasPrefix(name, "../") || name == ".." || strings.ContainsAny(name, `\?#%`):
		l.Add(at(field).Errorf("%s %q: name a file in templates/assets/ by its path there, such as emblem.svg", field, name))
	case !imageExt[strings.ToLower(path.Ext(name))]:
		l.Add(at(field).Errorf("%s %q: use an image (.png, .svg, .jpg, .gif, .webp or .ico)", field, name))
	default:
		c.Assets = append(c.Assets, AssetRef{Name: name, At: at(field)})
	}
}

// LangLogo returns the logo of the language code: the site's, with what
// the language sets over it. Nil when the site has none.
func (c *Config) LangLogo(code string) *Logo {
	if c.Logo == nil {
		return nil
	}
	out := *c.Logo
	if lg := c.Languages[code]; code != c.Language && lg != nil && lg.Logo != nil {
		if lg.Logo.File != "" {
			out.File = lg.Logo.File
		}
		if lg.Logo.Alt != nil {
			out.Alt = lg.Logo.Alt
		}
	}
	return &out
}

// LangParams returns the params of the language code: the site's, with
// the language's keys over them. Nil when neither has any.
func (c *Config) LangParams(code string) map[string]any {
	var own map[string]any
	if lg := c.Languages[code]; code != c.Language && lg != nil {
		own = lg.Params
	}
	if len(own) == 0 {
		return c.Params
	}
	out := make(map[string]any, len(c.Params)+len(own))
	for k, v := range c.Params {
		out[k] = v
	}
	for k, v := range own {
		out[k] = v
	}
	return out
}
