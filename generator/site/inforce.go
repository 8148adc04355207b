package site

import "bulletin/generator/config"

// InForceFolder is the URL folder of a list's "现行有效" view: the same
// list with only what is in force, /notices/in-force/ beside /notices/,
// paginated alike (/notices/in-force/page/2/). The views are pages of
// their own so the filter works without JavaScript.
const InForceFolder = "in-force"

// inForce returns the pages of list a reader can rely on now, in their
// order: in force, and neither a draft nor a scheduled page previewed
// with --drafts or --future.
func inForce(list []*Page) []*Page {
	var out []*Page
	for _, p := range list {
		if p.InForce && !p.Draft && !p.Scheduled {
			out = append(out, p)
		}
	}
	return out
}

// hasLifecycle reports whether a section's pages can leave force, so its
// list gets an in-force view: notices and policies, not plain pages.
func hasLifecycle(kind string) bool { return kind == config.KindNotice || kind == config.KindPolicy }

// paginateInForce sets the in-force view of a list at base ("/notices/").
func paginateInForce(base string, list []*Page, size int) (string, []*Pager) {
	url := base + InForceFolder + "/"
	return url, Paginate(url, inForce(list), size)
}
