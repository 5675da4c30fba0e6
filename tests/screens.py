"""The PNGs `main.py screenshot` renders, one per main screen: checked from source (tests/unit/test_cli.py) and from
the frozen bundle (tests/bundle/test_bundle.py) against this one list."""

SCREENS = [
    "01-first-start.png", "02-login.png", "03-home.png", "04-intake-lookup.png", "05-intake-filled.png",
    "06-intake-errors.png", "07-receipt-preview.png", "08-intake-saved.png", "09-lists.png",
    "09-register.png", "09-resident-edit.png", "09-resident-profile.png",
    "09-residents.png", "10-accounts.png", "10b-audit.png",
    "11-timebank-passbooks.png", "12-timebank-records.png", "13-timebank-redeem.png", "13b-timebank-teams.png",
    "14-dashboard.png",
    "14b-dashboard-bars.png", "14c-dashboard-hot-spots.png",
    "15-notices.png", "15b-notice-preview.png", "15c-duties.png", "16-case.png",
    "16b-case-message.png", "16c-followup.png", "16d-employment.png", "16e-partners.png",
    "17-points-rules.png",
    "17-points-vouchers.png",
    "17-points.png",
    "18-escalation-rules.png", "18b-holidays.png",
    "19-council.png", "20-setup-grids.png", "21-setup-buildings.png", "21b-setup-new-building.png",
    "22-setup-departments.png", "23-setup-categories.png", "24-backups.png", "24-setup-tags.png",
    "25-desk-settings.png",
    "26-register-import-columns.png", "27-register-import-check.png", "28-help.png", "29-shortcuts.png",
]
