"""系统设置: the administrator's screens for setting up the community and this desk."""
