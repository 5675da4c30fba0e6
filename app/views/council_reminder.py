"""The home page's reminder of the councils due (issue 22): a building's weekly meeting not held this week, a grid's
this month, the community's this quarter; its button opens the 议事会 tab. For the desk (clerk, director)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from app.services.notices.board import CouncilDue
from app.views.type_scale import set_role
from app.views.widgets import icon, label_of, name_widget

NAMES_SHOWN = 6  # buildings or grids named on the line; the rest counted


class CouncilReminder(QFrame):
    """One line per level due; hidden while none is (and until read)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("home_councils_box")
        self.setStyleSheet("#home_councils_box{background:#f3f0fb; border:1px solid #b9acdf;}")
        self.text = QLabel()
        self.text.setObjectName("home_councils")
        self.text.setWordWrap(True)
        set_role(self.text, "emphasis")
        self.open_button = name_widget(QPushButton(icon("fa5s.users"), self.tr("Council meetings")),
                                       "home_councils_open", self.tr("Open the council meetings (议事会)"))
        box = QHBoxLayout(self)
        box.addWidget(self.text, 1)
        box.addWidget(self.open_button)
        self.hide()

    def show_due(self, due: list[CouncilDue]) -> None:
        lines = []
        for d in due:
            names = "、".join(d.missing[:NAMES_SHOWN])
            if len(d.missing) > NAMES_SHOWN:
                names += self.tr(" and {n} more").format(n=len(d.missing) - NAMES_SHOWN)
            lines.append(self.tr("{level} due ({cycle}): {names}").format(level=label_of(d.level), cycle=d.cycle,
                                                                            names=names))
        self.text.setText("\n".join(lines))
        self.setVisible(bool(lines))
