"""The points (积分) desk: ``page.PointsPage`` holds one tab per job — redeem (``redeem``), award (``award``),
merchants and rewards (``catalogue``), settlement (``settlement``), earning rules and expiry (``rules``) — and the
form dialogs they open (``dialogs``). Every service call runs through ``app.views.operations``."""
