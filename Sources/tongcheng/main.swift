import TongchengCLI

Tongcheng.registerSources()
Tongcheng.main()
