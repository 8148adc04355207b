module bulletin

go 1.26

require (
	github.com/fsnotify/fsnotify v1.10.1
	github.com/mmcdole/gofeed v1.4.2
	github.com/piglig/go-qr v1.1.0
	github.com/yuin/goldmark v1.8.7
	golang.org/x/sys v0.47.0
	golang.org/x/text v0.40.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/mmcdole/goxpp/v2 v2.0.0 // indirect
	golang.org/x/net v0.57.0 // indirect
)
