"""The ready-made progress notes (常用回复) a new community starts with: a few for any request, some for a class, and
the most for the sub-categories the desk hears about most (heating, water and wiring, pipes, lifts, rubbish, noise,
sanitation ...). Keyed by the catalogue's category codes (app.services.cases.catalogue); None: any request.
Written at first start (app.services.core.setup) and offered again on the settings page (添加预置回复), which adds
those a community does not have yet."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import CannedReply, Category

DEFAULT_REPLIES: dict[str | None, tuple[str, ...]] = {
    None: ("已电话联系居民，了解了具体情况", "已到现场查看，正在协调处理", "已转交相关部门办理，等待反馈",
           "居民不在家，已电话约定上门时间"),
    "LIFE": ("已联系物业维修人员，约定了上门时间",),
    "LIFE-WATER": ("已联系物业电工，今天上门检修", "维修配件已订购，到货后立即更换", "已修复，经试用正常"),
    "LIFE-PIPE": ("已安排疏通人员上门", "管道已疏通，排水正常"),
    "LIFE-HEATING": ("已报供热公司，等待上门测温", "供热公司已上门测温，室温偏低，正在排查管线",
                     "已为暖气放风排气，请居民观察室温", "暖气漏水已关阀止漏，安排维修"),
    "LIFE-HOUSE": ("已请物业查看漏水部位，确定维修方案", "维修需要业主共同决定，已召集楼栋议事"),
    "LIFE-ELEVATOR": ("已通知电梯维保单位到场处置", "电梯正在维修，已在楼门贴出通知，请居民注意安全",
                      "电梯已修复，维保单位检测合格"),
    "LIFE-RUBBISH": ("已通知保洁公司清运，今天清理完毕", "已调整垃圾清运时间，将加强巡查"),
    "HEALTH-ESCORT": ("已安排志愿者陪同就医",),
    "HEALTH-ELDER": ("网格员已上门探望，老人情况良好", "已联系助餐点每天送餐上门"),
    "JOB": ("已登记求职意向，将推荐合适岗位", "已告知培训报名时间和地点"),
    "RIGHTS-NEIGHBOR": ("已约双方到社区调解", "经调解双方达成一致"),
    "RIGHTS-PROPERTY": ("已约物业负责人到社区协商",),
    "ENV-NOISE": ("已上门劝导，噪音已停止", "已与广场舞队协商活动时间和音量", "已请派出所协助处理"),
    "ENV-SANITATION": ("已安排保洁人员清理", "已清理完毕，将加强巡查"),
    "ENV-PARKING": ("已联系车主挪车", "已请物业加强停车管理"),
    "ENV-DOG": ("已上门劝导文明养犬", "已联系城管收容流浪犬"),
}


def add_default_replies(session: Session, desk_code: str) -> int:
    """Add each ready-made reply a community does not have yet (same words for the same category, retired ones
    counted as had: a retired reply was not wanted), after those it has; returns how many were added. Codes the
    community no longer has are passed over."""
    codes = {c.code: c.id for c in session.scalars(select(Category))}
    had = {(r.category_id, r.text): r for r in session.scalars(select(CannedReply))}
    last: dict[object, int] = {}
    for r in had.values():
        last[r.category_id] = max(last.get(r.category_id, -1), r.sort_order)
    added = 0
    for code, texts in DEFAULT_REPLIES.items():
        if code is not None and code not in codes:
            continue
        category_id = codes[code] if code is not None else None
        for text in texts:
            if (category_id, text) in had:
                continue
            last[category_id] = last.get(category_id, -1) + 1
            row = CannedReply(category_id=category_id, text=text, sort_order=last[category_id], active=True,
                              desk_code=desk_code)
            session.add(row)
            had[(category_id, text)] = row
            added += 1
    session.flush()
    return added
