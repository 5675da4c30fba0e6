"""Default catalogue for a new community: the request categories with their time limits, and the usual
departments. Seeded at first start (app.services.core.setup); administrators adjust it afterwards.

The five classes follow the source articles' 困难类型 (DOMAIN.md); the limits follow 接诉即办:
respond within 1 hour, resolve within 24 hours, longer where the work itself takes longer (training, loans,
legal aid) and shorter for emergencies.
"""

from __future__ import annotations

from dataclasses import dataclass

# Departments a request can involve (涉及部门)


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    level: str  # a DepartmentKind value: community 社区自办, street 街道科室 (吹哨报到), regional 驻区单位,
    #             utility 公共事业
    phone: str


DEFAULT_DEPARTMENTS: list[DepartmentSpec] = [
    DepartmentSpec("社区居委会", "community", "0412-5581200"),
    DepartmentSpec("物业服务中心", "community", "0412-5581266"),
    DepartmentSpec("社区卫生服务站", "community", "0412-5581120"),
    DepartmentSpec("街道城管科", "street", "0412-5523318"),
    DepartmentSpec("街道社区建设科", "street", "0412-5523326"),
    DepartmentSpec("街道社会保障所", "street", "0412-5523351"),
    DepartmentSpec("街道综治中心", "street", "0412-5523360"),
    DepartmentSpec("站前司法所", "street", "0412-5523148"),
    DepartmentSpec("站前派出所", "regional", "0412-5529110"),
    DepartmentSpec("站前市场监管所", "regional", "0412-5531315"),
    DepartmentSpec("供热公司", "utility", "0412-5567890"),
    DepartmentSpec("供水公司", "utility", "0412-5545678"),
    DepartmentSpec("供电所", "utility", "0412-5539595"),
]

DEPARTMENT_NAMES: tuple[str, ...] = tuple(d.name for d in DEFAULT_DEPARTMENTS)

# Categories (困难类型): five classes, each with sub-categories and their time limits


@dataclass(frozen=True)
class CategorySpec:
    code: str
    name: str
    response_minutes: int = 60  # first response expected (1 hour, then escalation to the director)
    resolve_hours: int = 24     # expected resolution (24 hours, then the difficult-problems pool)
    children: tuple[CategorySpec, ...] = ()


def _sub(code: str, name: str, response_minutes: int = 60, resolve_hours: int = 24) -> CategorySpec:
    return CategorySpec(code, name, response_minutes, resolve_hours)


CATEGORY_TREE: list[CategorySpec] = [
    CategorySpec("LIFE", "生活服务", children=(
        _sub("LIFE-WATER", "水电维修", 60, 24),       # taps, wiring, stairway lights
        _sub("LIFE-PIPE", "管道疏通", 60, 24),
        _sub("LIFE-HEATING", "供暖", 30, 24),         # winter heating: too cold, leaking radiators
        _sub("LIFE-HOUSE", "房屋维修", 60, 72),       # roof leaks, doors, handrails, facades
        _sub("LIFE-ELEVATOR", "电梯", 30, 24),        # breakdowns, yearly inspection, 加装电梯
        _sub("LIFE-RUBBISH", "垃圾清运", 60, 24),
        _sub("LIFE-HOUSEKEEP", "家政服务", 120, 72),
    )),
    CategorySpec("HEALTH", "健康医疗", children=(
        _sub("HEALTH-ESCORT", "就医陪同", 60, 48),
        _sub("HEALTH-CHRONIC", "慢性病管理", 120, 168),
        _sub("HEALTH-ELDER", "居家养老", 60, 72),     # meals, bathing, daily check on people living alone
        _sub("HEALTH-MENTAL", "精神健康", 60, 72),
        _sub("HEALTH-EMERGENCY", "急救协助", 10, 4),
        _sub("HEALTH-DISABLED", "助残康复", 120, 168),
    )),
    CategorySpec("JOB", "就业帮扶", children=(
        _sub("JOB-TRAINING", "技能培训", 120, 720),
        _sub("JOB-REFERRAL", "岗位推荐", 120, 168),
        _sub("JOB-STARTUP", "创业指导", 120, 336),
        _sub("JOB-LOAN", "小额贷款", 120, 720),
        _sub("JOB-POLICY", "就业社保政策", 60, 72),
    )),
    CategorySpec("RIGHTS", "权益保障", children=(
        _sub("RIGHTS-NEIGHBOR", "邻里纠纷", 60, 72),
        _sub("RIGHTS-PROPERTY", "物业纠纷", 60, 72),
        _sub("RIGHTS-CONSUMER", "消费投诉", 120, 168),
        _sub("RIGHTS-LEGAL", "法律援助", 120, 168),
        _sub("RIGHTS-LABOR", "劳动争议", 120, 168),
    )),
    CategorySpec("ENV", "环境改善", children=(
        _sub("ENV-GREEN", "绿化养护", 120, 168),
        _sub("ENV-PARKING", "停车管理", 60, 72),
        _sub("ENV-NOISE", "噪音扰民", 30, 24),
        _sub("ENV-SANITATION", "环境卫生", 60, 24),
        _sub("ENV-DOG", "犬只管理", 60, 72),         # stray dogs, uncivil dog keeping
        _sub("ENV-FACILITY", "公共设施", 120, 168),   # fitness equipment, cameras, chargers, street lamps
    )),
]

SUBCATEGORY_CODES: tuple[str, ...] = tuple(c.code for top in CATEGORY_TREE for c in top.children)
PARENT_OF_SUBCATEGORY: dict[str, str] = {c.code: top.code for top in CATEGORY_TREE for c in top.children}
