"""The demo community's resource list (资源清单, issue 22), drawn from seed 000's 资源链接, 社会组织 and 企业-居民互动
parts: a hospital's free clinic (义诊), a school's open playground, a supermarket's 爱心菜篮, a housekeeping company's
20% off, the property company's open day, a legal aid station, a psychological counselling room, volunteer teams and
social organisations; the points merchants (app/demo/points.py, built before) are on the same list, one of them with an
offer of its own. What they gave this year is recorded, some of it on the demo's open requests (then on their
timelines too), and one request referred to a resource as the clerk would from its page (转介资源)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from app.demo import data as dd
from app.domain.enums import CaseStatus
from app.models import Case, Category
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.programmes.partner_data import ContributionInput, OfferInput, PartnerInput

PARTNERS: list[tuple[PartnerInput, list[OfferInput]]] = [
    (PartnerInput("鞍山市中心医院站前分院", "hospital", "周医生", "0412-5526120", "站前街 2 号"),
     [OfferInput("义诊", "每月第一个周六", "8:30-11:00", ("HEALTH", "HEALTH-CHRONIC"), "血压 血糖 体检 看病"),
      OfferInput("上门巡诊", "每周三", "14:00-16:00", ("HEALTH-ELDER", "HEALTH-DISABLED"), "卧床 行动不便")]),
    (PartnerInput("站前区第二小学", "school", "刘校长", "0412-5533016", "胜利路 40 号"),
     [OfferInput("开放操场", "周六、周日", "6:00-8:00 16:30-18:30", (), "操场 锻炼 健身 跑步"),
      OfferInput("课后托管", "周一至周五", "16:00-18:00", (), "孩子 放学 托管 辅导")]),
    (PartnerInput("惠民生鲜超市", "company", "孙经理", "13898001234", "幸福里小区北门"),
     [OfferInput("爱心菜篮", "每周二、周五", "上午送到", ("HEALTH-ELDER",), "买菜 送菜 行动不便")]),
    (PartnerInput("安家家政服务公司", "company", "吴经理", "13700412345", "站前街 56 号"),
     [OfferInput("家政8折", "每天", "8:00-18:00", ("LIFE-HOUSEKEEP",), "保洁 家政 保姆 擦玻璃")]),
    (PartnerInput("幸福里物业服务中心", "property", "郑主任", "0412-5581266", "幸福里小区 1 号楼底商"),
     [OfferInput("物业开放日", "每月 15 日", "9:00-11:30", ("RIGHTS-PROPERTY", "LIFE-HOUSE"), "物业 维修 漏水")]),
    (PartnerInput("站前司法所法律援助工作站", "legal", "马律师", "0412-5523148", "站前街道办事处二楼"),
     [OfferInput("免费法律咨询", "每周三", "14:00-17:00", ("RIGHTS-LEGAL", "RIGHTS-LABOR", "RIGHTS-CONSUMER"),
                 "合同 欠薪 遗产 赡养 纠纷")]),
    (PartnerInput("心晴心理咨询室", "counselling", "何老师", "13504127788", "社区服务中心三楼"),
     [OfferInput("心理疏导", "周二、周四", "9:00-11:30", ("HEALTH-MENTAL",), "失眠 焦虑 情绪 孤独")]),
    (PartnerInput("红色管家志愿服务队", "volunteer_team", "张楼长", "13942288001", "社区党群服务中心"),
     [OfferInput("便民维修", "每周六", "9:00-11:00", ("LIFE-WATER", "LIFE-HOUSE"), "水龙头 灯 门锁")]),
    (PartnerInput("银发互助队", "volunteer_team", "李阿姨", "13604125566"),
     [OfferInput("陪同就医", "随约", "", ("HEALTH-ESCORT",), "陪同 就医 复查")]),
    (PartnerInput("鞍山市阳光助残协会", "social_org", "赵会长", "0412-5569911", "建国路 12 号"),
     [OfferInput("助残康复训练", "每周五", "9:00-11:00", ("HEALTH-DISABLED",), "残疾 康复 轮椅")]),
    (PartnerInput("站前职业技能培训学校", "company", "钱老师", "0412-5537788", "站前街 88 号"),
     [OfferInput("免费技能培训", "每期两周", "9:00-16:00", ("JOB-TRAINING", "JOB-REFERRAL"), "培训 找工作 技能")]),
]
CLINIC_OFFER = OfferInput("免费测血糖血压", "每天", "8:00-17:00", ("HEALTH-CHRONIC",), "血压 血糖")  # 康宁社区诊所

# (partner, days ago, what, people, value) recorded on no request
GIVEN: list[tuple[str, int, str, int, str]] = [
    ("鞍山市中心医院站前分院", 240, "广场义诊", 86, "测血压血糖、发放健康手册"),
    ("鞍山市中心医院站前分院", 150, "广场义诊", 64, ""),
    ("鞍山市中心医院站前分院", 20, "广场义诊", 72, "药品价值约 600 元"),
    ("站前区第二小学", 180, "暑期开放操场", 300, "两个月每天开放"),
    ("惠民生鲜超市", 60, "爱心菜篮送菜上门", 18, "蔬菜 18 份"),
    ("惠民生鲜超市", 30, "爱心菜篮送菜上门", 21, "蔬菜 21 份"),
    ("幸福里物业服务中心", 45, "物业开放日", 37, "现场受理投诉 12 件"),
    ("心晴心理咨询室", 90, "老年人心理讲座", 40, ""),
    ("站前职业技能培训学校", 100, "家政服务员培训", 15, "12 人取得证书"),
]
# (partner, request sub-category, what, people): help on the newest open request of that class
ON_REQUESTS: list[tuple[str, str, str, int]] = [
    ("红色管家志愿服务队", "LIFE-HOUSE", "志愿者上门修好门锁和扶手", 2),
    ("鞍山市阳光助残协会", "HEALTH-DISABLED", "上门评估并借出轮椅一辆", 1),
    ("站前职业技能培训学校", "JOB-TRAINING", "安排参加下一期家政服务员培训", 1),
    ("站前司法所法律援助工作站", "RIGHTS-LEGAL", "律师电话解答并约定面谈", 1),
]
REFERRED_SUB = "LIFE-HOUSE"  # the oldest open request of this sub-category is referred from its suggestions


def build(services: Services) -> None:
    clerk = services.auth.login(dd.CLERK_1.username, dd.DEMO_PASSWORD)
    partners = services.partners
    ids = {}
    for data, offers in PARTNERS:
        p = partners.create_partner(clerk, data)
        ids[p.name] = p.id
        for offer in offers:
            partners.save_offer(clerk, p.id, None, offer)
    for row in partners.partners(clerk):
        ids.setdefault(row.name, row.id)  # the points merchants: partners already
    partners.save_offer(clerk, ids["康宁社区诊所"], None, CLINIC_OFFER)
    today = local(services.db.clock.now()).date()
    for name, days_ago, what, people, value in GIVEN:
        on = today - timedelta(days=days_ago)  # early in a year, the oldest fall in the last one: its own figures
        partners.record_contribution(clerk, ids[name], ContributionInput(what, on, people, value))
    with services.db.reading() as session:
        open_by_sub: dict[str, list[tuple[uuid.UUID, str]]] = {}
        for code, case_id, case_no in session.execute(
                select(Category.code, Case.id, Case.case_no).join(Category, Category.id == Case.subcategory_id)
                .where(Case.status.in_((CaseStatus.DISPATCHED, CaseStatus.RESPONDED)))
                .order_by(Case.created_at.desc(), Case.id)):
            open_by_sub.setdefault(code, []).append((case_id, case_no))  # the newest first
    for name, sub, what, people in ON_REQUESTS:
        if sub in open_by_sub:
            partners.record_contribution(clerk, ids[name], ContributionInput(what, today, people,
                                                                             case_no=open_by_sub[sub][0][1]))
    waiting = open_by_sub.get(REFERRED_SUB, [])
    if len(waiting) > 1:  # 转介资源 from the request's suggestions, as the clerk would
        referred = waiting[-1][0]
        best = [s for s in partners.suggestions(clerk, referred) if not s.referred]
        if best:
            partners.refer(clerk, referred, best[0].partner_id, best[0].offer_id, "已电话联系，约好开放日当天上门")
