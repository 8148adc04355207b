package render

import "testing"

func TestPhoneLinks(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"市医保局政务服务窗口 0531-82050018", `市医保局政务服务窗口 <a href="tel:053182050018" class="tel">0531-82050018</a>`},
		{"社区服务站 010-12345678，值班手机 13912345678", `社区服务站 <a href="tel:01012345678" class="tel">010-12345678</a>，值班手机 <a href="tel:13912345678" class="tel">13912345678</a>`},
		{"热线 12345 或 400-810-5555", `热线 <a href="tel:12345" class="tel">12345</a> 或 <a href="tel:4008105555" class="tel">400-810-5555</a>`},
		{"0531-12340215转801", `<a href="tel:053112340215" class="tel">0531-12340215</a>转801`},
		// Not numbers to call: dates, rooms, a number without its area
		// code, too many digits, a hotline written with a hyphen.
		{"2021-02-04 前到3号楼110室", "2021-02-04 前到3号楼110室"},
		{"电话 82050018", "电话 82050018"},
		{"编号 053112340215999", "编号 053112340215999"},
		{"12-345", "12-345"},
		{"0531--82050018", "0531--82050018"},
		// The rest is escaped.
		{`A&B <办公室> "0531-82050018"`, `A&amp;B &lt;办公室&gt; &#34;<a href="tel:053182050018" class="tel">0531-82050018</a>&#34;`},
		{"", ""},
	} {
		if got := string(phoneLinks(tc.in)); got != tc.want {
			t.Errorf("phoneLinks(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestPhoneLink(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// The field holds a number: linked whatever its kind.
		{"0531-12340618", `<a href="tel:053112340618" class="tel">0531-12340618</a>`},
		{"82050018", `<a href="tel:82050018" class="tel">82050018</a>`},
		{" (0531) 8205 0018 ", `<a href="tel:053182050018" class="tel">(0531) 8205 0018</a>`},
		{"+86 531 8205 0018", `<a href="tel:+8653182050018" class="tel">+86 531 8205 0018</a>`},
		{"12345", `<a href="tel:12345" class="tel">12345</a>`},
		// Text around a number: as Phones gives it.
		{"0531-12340618（工作日 9:00—17:00）", `<a href="tel:053112340618" class="tel">0531-12340618</a>（工作日 9:00—17:00）`},
		{"电话 82050018", "电话 82050018"},
		// Not a number to call: too few or too many digits, a + inside.
		{"12", "12"},
		{"1234567890123456", "1234567890123456"},
		{"0531+82050018", "0531+82050018"},
		{"", ""},
	} {
		if got := string((&Data{}).Phone(tc.in)); got != tc.want {
			t.Errorf("Phone(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}
