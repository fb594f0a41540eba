import TongchengCLI

Tongcheng.main()
