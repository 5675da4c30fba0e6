"""加入街道: the first start of a desk that takes its community's data from the street's server (issue 21).

The street's administrator prepared the desk (``main.py street-init --add-desk``) and gave its address, with the
desk's own account in it. The join (``SyncService.join``, the same as ``main.py join-street``) runs off the GUI thread
while the dialog says what it is doing; it fetches the community's data from the street, and the log-in follows. A
bad address, a street that cannot be reached, another community's desk: said under the field, nothing written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.services.core.container import Services
from app.services.core.errors import DomainError, ValidationError
from app.views.form_dialog import FormDialog
from app.views.widgets import name_widget


class JoinStreetDialog(FormDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__("join_street_dialog", self.tr("Join the street"), None, parent,
                         ok_text=self.tr("Join the street"))
        self._services = services
        self.say(self.tr("Enter the address the street's administrator gave for this desk. The desk then takes this "
                         "community's data from the street's server, works on its own copy (also when the network "
                         "is down), and syncs with the street every two minutes."))
        self.address = name_widget(QLineEdit(), "join_street_url", self.tr("Street server address"))
        self.address.setPlaceholderText("postgresql://desk_a02:…@192.168.1.10:5432/street")
        self.add_field("street_url", self.tr("Street server address *"), self.address)
        self.progress = QLabel()
        self.progress.setObjectName("join_street_progress")
        self.progress.setWordWrap(True)
        self.progress.setStyleSheet("color:#1d3d66; font-weight:600;")
        self.layout_.insertWidget(self.layout_.count() - 1, self.progress)  # above the buttons
        self.progress.hide()
        self.setMinimumWidth(640)
        self.submit = self._call

    def _call(self) -> Callable[[], object]:
        self.progress.setText(self.tr("Connecting to the street's server and taking this community's data… "
                                      "The first time this may take a few minutes."))
        self.progress.show()
        return functools.partial(self._services.sync.join, self.address.text())

    def _on_done(self, result: object) -> None:
        self.progress.hide()
        super()._on_done(result)

    def _on_refused(self, exc: DomainError) -> None:
        """Every refusal under the one field: the address is what to check (or to ask the street about)."""
        self.progress.hide()
        if not isinstance(exc, ValidationError):
            exc = ValidationError({"street_url": exc.message})
        self.ops.show_refusal(exc)
