"""Demo data: a fictional county emergency-management bureau with three years of catalog entries.

Public API: `create_demo(services, today=None) -> Agency`. Every name and text here is invented
for the demo; the output is the same on every run for a given year (fixed random seed).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from desktop_app.db.repositories.catalog import ImportedEntry
from desktop_app.domain.agency import Agency
from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.identifiers import uscc_check_char
from desktop_app.domain.requests import APPEAL_KINDS, CHANNELS, AppealDraft, Applicant, RequestDraft
from desktop_app.domain.workcalendar import WorkCalendar
from desktop_app.errors import UserError
from desktop_app.services.calendar_files import load_calendar_file
from desktop_app.services.demo_letters import add_demo_letters
from desktop_app.services.demo_reports import add_demo_reports

if TYPE_CHECKING:
    from desktop_app.services.context import Services

AGENCY_NAME = "青溪县应急管理局"
# 11 = 机构编制/机关, 339901 = a division code no real county has, then a valid 组织机构代码.
AGENCY_CODE = "11339901573019622" + uscc_check_char("11339901573019622")
SEED = 20190515  # the 2019 revision of the disclosure regulations took effect that day
YEARS = 3

LAW = "法定主动公开内容/"
UNITS = (
    "办公室",
    "安全生产综合监管股",
    "危险化学品和非煤矿山安全监管股",
    "防汛抗旱和地质灾害防治股",
    "综合行政执法大队",
    "救灾和物资保障股",
)
HOLIDAYS = (("元旦春节", 12), ("清明节", 3), ("五一劳动节", 4), ("端午节", 5), ("中秋国庆", 9))
CAMPAIGNS = (
    ("安全生产月活动", "安全生产月 宣传", 5),
    ("安全生产大检查", "大检查 隐患排查", 3),
    ("汛前安全检查", "防汛 汛前检查", 4),
    ("森林防火专项检查", "森林防火", 11),
    ("危险化学品安全专项整治", "危险化学品 专项整治", 3),
    ("烟花爆竹打非治违专项行动", "烟花爆竹 打非治违", 12),
    ("有限空间作业安全专项整治", "有限空间 专项整治", 6),
    ("城镇燃气安全隐患排查", "燃气 隐患排查", 10),
    ("校园周边安全隐患排查", "校园安全 隐患排查", 8),
    ("冬春火灾防控工作", "火灾防控 冬春", 11),
    ("非煤矿山安全专项整治", "非煤矿山 专项整治", 7),
    ("工贸企业粉尘防爆检查", "粉尘防爆 工贸企业", 9),
    ("防灾减灾宣传周活动", "防灾减灾 宣传", 5),
    ("应急救援综合演练", "应急演练 救援", 6),
    ("自建房安全隐患排查", "自建房 隐患排查", 8),
    ("安全生产培训进企业活动", "安全培训 企业", 4),
)
RULES = (
    "烟花爆竹经营（零售）许可实施细则",
    "生产经营单位安全生产主体责任清单管理办法",
    "自然灾害救助资金管理办法",
    "危险化学品运输车辆停车场所管理规定",
    "应急物资储备管理办法",
    "安全生产举报奖励实施办法",
    "防汛抗旱应急物资调用规定",
    "小微企业安全生产标准化评定办法",
    "森林火灾扑救队伍管理办法",
    "安全生产约谈实施办法",
    "应急避难场所建设和管理办法",
    "地质灾害群测群防员管理办法",
)
VIOLATIONS = (
    "未按规定对从业人员进行安全生产教育和培训",
    "未如实记录安全生产教育和培训情况",
    "未对重大危险源登记建档并进行定期检测评估",
    "未在有较大危险因素的场所设置明显的安全警示标志",
    "未建立事故隐患排查治理制度",
    "未为从业人员提供符合标准的劳动防护用品",
    "未按规定制定生产安全事故应急救援预案",
    "特种作业人员未持证上岗",
)
PLANS = ("防汛防台", "森林火灾", "地质灾害", "危险化学品事故", "自然灾害救助", "生产安全事故")
PURCHASES = (
    "救灾帐篷",
    "应急照明设备",
    "折叠床及棉被",
    "冲锋舟及救生衣",
    "无人机巡查服务",
    "应急指挥平台运维服务",
)


@dataclass(frozen=True)
class _Item:
    """One demo entry before numbering: `{文号}` in the title is replaced by the document number."""

    on: dt.date
    title: str
    node: str
    genre: str
    keywords: str
    summary: str
    series: str = ""  # 文号 prefix, numbered per year in date order; "" = no 文号
    form: str = "主动公开"
    open_days: int = 0  # > 0: 限期公开 for that many days
    unit: str = ""  # internal unit as 发布机构; "" = the bureau itself
    validity: str = "有效"
    validity_date: dt.date | None = None


def create_demo(services: Services, today: dt.date | None = None) -> Agency:
    """Register the demo agency with its catalog, request register and annual reports for the
    three full years before `today`.

    Refuses (UserError) when the database already has an agency, so real data is never mixed
    with invented entries. The entries are saved in one transaction.
    """
    if existing := services.agencies.all():
        raise UserError(
            f"数据库中已有机关“{existing[0].name}”，演示数据只能装入新的空数据库："
            "请用 --db 指定一个新的数据库文件"
        )
    today = today or dt.date.today()
    years = range(today.year - YEARS, today.year)
    items = sorted(demo_items(years), key=lambda i: (i.on, i.title))
    agency = services.agencies.create(AGENCY_NAME, AGENCY_CODE)
    services.classification.seed_default()
    entries = [_entry(i) for i in _numbered(items)]
    services.catalog.import_entries(
        agency.id, entries, create_paths=True
    )  # the demo's own sub-tree
    _add_register(services, agency, years, today)
    add_demo_letters(services, years[-1], today)
    add_demo_reports(services, years, random.Random(SEED + 2))
    return agency


# ---- the request register ------------------------------------------------------------------------
ASKED = (
    "{year}年度安全生产执法检查计划及完成情况",
    "辖区内{what}企业名单及许可证有效期",
    "{year}年某镇防汛物资储备清单",
    "对某工贸企业作出行政处罚的决定书",
    "{year}年应急管理专项资金使用明细",
    "某村地质灾害隐患点监测记录",
    "{what}事故调查报告",
    "本人所在企业的安全生产标准化评审结果",
)
WHATS = ("危险化学品经营", "烟花爆竹批发", "非煤矿山", "加油站", "粉尘涉爆")
# Outcome labels (table 三 leaves) with how often a county bureau meets them.
OUTCOME_WEIGHTS = (
    ("予以公开", 14),
    ("部分公开（区分处理的，只计这一情形，不计其他情形）", 4),
    ("本机关不掌握相关政府信息", 5),
    ("保护第三方合法权益", 2),
    ("属于三类内部事务信息", 1),
    ("重复申请", 1),
    ("没有现成信息需要另行制作", 2),
    ("信访举报投诉类申请", 1),
)
APPLICANT_TYPES = (
    ("自然人", 16),
    ("商业企业", 4),
    ("法律服务机构", 2),
    ("社会公益组织", 1),
    ("科研机构", 1),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def _add_register(services: Services, agency: Agency, years: range, today: dt.date) -> None:
    """A few dozen requests a year, some answered late in December (carried over), a few appeals."""
    rng = random.Random(SEED + 1)
    calendar = load_calendar_file()
    items = []
    for year in years:
        for _ in range(rng.randint(18, 26)):
            items.append(_request(rng, calendar, _day(rng, year, rng.randint(1, 12)), today))
    for days_ago in (3, 9, 16, 24, 30):  # open requests, so the register shows due dates now
        items.append(
            _request(rng, calendar, today - dt.timedelta(days=days_ago), today, answered=False)
        )
    items.sort(key=lambda item: item[0].received_on or today)  # 编号 follow the order of receipt
    saved = services.requests.add_many(agency.id, items)
    for request, answered_on in rng.sample([(r, r.answered_on) for r in saved if r.answered_on], 3):
        services.requests.add_appeal(
            request.id,
            AppealDraft(
                kind=rng.choice(APPEAL_KINDS),
                filed_on=answered_on + dt.timedelta(days=30),
                result=rng.choice(("结果维持", "结果维持", "结果纠正")),
                decided_on=answered_on + dt.timedelta(days=75),
            ),
        )


def _request(
    rng: random.Random,
    calendar: WorkCalendar,
    received: dt.date,
    today: dt.date,
    answered: bool = True,
) -> tuple[RequestDraft, Applicant]:
    kind = rng.choices([k for k, _ in APPLICANT_TYPES], [w for _, w in APPLICANT_TYPES])[0]
    answer = calendar.add_workdays(received, rng.randint(5, 19))
    done = answered and answer < today
    draft = RequestDraft(
        received_on=received,
        applicant_type=kind,
        channel=rng.choice(CHANNELS),
        content="申请公开"
        + rng.choice(ASKED).format(year=received.year - 1, what=rng.choice(WHATS)),
        answered_on=answer if done else None,
        outcome=rng.choices([o for o, _ in OUTCOME_WEIGHTS], [w for _, w in OUTCOME_WEIGHTS])[0]
        if done
        else "",
    )
    name = (
        rng.choice(SURNAMES) + "某"
        if kind == "自然人"
        else f"青溪县某{rng.choice(('贸易', '化工', '建材'))}有限公司"
    )
    return draft, Applicant(name=name, phone=f"1380000{rng.randint(0, 9999):04d}")


def demo_items(years: range) -> list[_Item]:
    rng = random.Random(SEED)
    items: list[_Item] = []
    for year in years:
        for kind in (
            _reports,
            _notices,
            _rules,
            _permits,
            _penalties,
            _statistics,
            _budget,
            _purchases,
            _plans,
            _staff,
            _inspections,
            _relief,
            _requests,
        ):
            items += kind(rng, year)
    items += _once(rng, years)
    last_day = dt.date(years[-1], 12, 31)
    return [_withdrawn(rng, item, last_day) for item in items]


def _day(rng: random.Random, year: int, month: int) -> dt.date:
    """A working day (Mon–Fri) in the given month."""
    day = dt.date(year, month, rng.randint(1, 26))
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _reports(rng: random.Random, year: int) -> Iterator[_Item]:
    yield _Item(
        _day(rng, year, 1),
        f"{AGENCY_NAME}{year - 1}年政府信息公开工作年度报告",
        "政府信息公开年度报告",
        "工作报告",
        "政府信息公开 年度报告",
        f"报告{year - 1}年本局主动公开、依申请公开、行政复议和行政诉讼情况，以及存在的问题和改进措施。",
    )
    yield _Item(
        _day(rng, year, 2),
        f"{AGENCY_NAME}{year - 1}年法治政府建设情况报告",
        LAW + "其他法定主动公开信息",
        "工作报告",
        "法治政府 年度报告",
        f"总结{year - 1}年依法行政、执法监督和普法宣传工作，提出{year}年工作安排。",
        "青应急",
        unit="办公室",
    )
    yield _Item(
        _day(rng, year, 3),
        f"{AGENCY_NAME}关于印发《{year}年全县安全生产和应急管理工作要点》的通知",
        LAW + "规划信息",
        "方案",
        "工作要点 安全生产",
        f"明确{year}年全县安全生产、防灾减灾和应急救援的重点任务及责任分工。",
        "青应急",
    )
    yield _Item(
        _day(rng, year, 12),
        f"{AGENCY_NAME}{year}年工作总结和{year + 1}年工作思路",
        LAW + "其他法定主动公开信息",
        "工作报告",
        "工作总结",
        f"回顾{year}年安全生产形势和主要工作，分析存在问题，提出下一年度工作思路。",
    )


def _notices(rng: random.Random, year: int) -> Iterator[_Item]:
    for name, month in HOLIDAYS:
        yield _Item(
            _day(rng, year, month),
            f"关于做好{year}年{name}期间安全防范工作的通知",
            LAW + "监督检查情况",
            "通知",
            f"节日安全 {name}",
            f"要求各乡镇、各有关单位在{name}期间落实值班值守，加强重点行业领域安全检查。",
            "青应急",
            unit="安全生产综合监管股",
        )
    for name, keywords, month in rng.sample(CAMPAIGNS, 11):
        yield _Item(
            _day(rng, year, month),
            f"关于开展{year}年{name}的通知",
            LAW + "监督检查情况",
            "通知",
            keywords,
            f"部署{name}的时间安排、工作重点和工作要求，明确各责任单位的任务。",
            "青应急",
            unit=rng.choice(UNITS[1:4]),
        )
    for month in (5, 6, 7, 8):
        yield _Item(
            _day(rng, year, month),
            f"关于切实做好{year}年主汛期{rng.choice(('防汛', '防汛防台'))}工作的通知",
            LAW + "突发公共事件应对",
            "通知",
            "防汛 汛期",
            "要求各地强化雨情水情监测预警，做好山洪地质灾害隐患点巡查和人员转移准备。",
            "青应急",
            unit="防汛抗旱和地质灾害防治股",
        )
    if rng.random() < 0.7:
        level = rng.choice(("Ⅳ", "Ⅲ"))
        yield _Item(
            _day(rng, year, rng.choice((6, 7))),
            f"关于启动防汛{level}级应急响应的通知",
            LAW + "突发公共事件应对",
            "通知",
            "应急响应 防汛",
            f"根据气象预报，决定启动防汛{level}级应急响应，各成员单位按预案履职。",
        )


def _rules(rng: random.Random, year: int) -> Iterator[_Item]:
    for name in rng.sample(RULES, 6):
        yield _Item(
            _day(rng, year, rng.randint(2, 11)),
            f"{AGENCY_NAME}关于印发《青溪县{name}》的通知",
            LAW + "法规、规章和规范性文件",
            "行政规范性文件",
            f"规范性文件 {name[-4:]}",
            f"印发《青溪县{name}》，自印发之日起施行，有效期五年。",
            "青应急规",
        )
    if rng.random() < 0.5:
        yield _Item(
            _day(rng, year, rng.randint(3, 10)),
            f"青川市{rng.choice(RULES[:6])}（市政府令）",
            LAW + "法规、规章和规范性文件",
            "规章",
            "政府规章",
            "市政府规章全文，本局作为实施部门一并公开。",
            unit="办公室",
        )


def _permits(rng: random.Random, year: int) -> Iterator[_Item]:
    for batch in range(1, rng.randint(3, 5) + 1):
        yield _Item(
            _day(rng, year, min(12, batch * 3)),
            f"{year}年第{batch}批烟花爆竹经营（零售）许可证核发公告",
            LAW + "行政许可和对外管理服务",
            "公告",
            "烟花爆竹 行政许可",
            "公布本批次准予许可的零售经营网点名称、地址和许可证有效期限。",
        )
    for _ in range(rng.randint(2, 4)):
        yield _Item(
            _day(rng, year, rng.randint(1, 12)),
            "危险化学品经营许可证核发（变更）情况公告",
            LAW + "行政许可和对外管理服务",
            "公告",
            "危险化学品 经营许可",
            "公布危险化学品经营许可证的核发、延期和变更结果。",
            unit="危险化学品和非煤矿山安全监管股",
        )


def _penalties(rng: random.Random, year: int) -> Iterator[_Item]:
    for _ in range(rng.randint(18, 28)):
        violation = rng.choice(VIOLATIONS)
        yield _Item(
            _day(rng, year, rng.randint(1, 12)),
            "行政处罚决定书（{文号}）",
            LAW + "行政处罚和行政强制",
            "决定",
            "行政处罚 安全生产",
            f"某生产经营单位{violation}，依法给予警告并处罚款。",
            "青应急罚",
            open_days=3 * 365,
            unit="综合行政执法大队",
        )


def _statistics(rng: random.Random, year: int) -> Iterator[_Item]:
    for month in range(1, 13):  # each month's figures come out early the next month
        of_year, of_month = (year - 1, 12) if month == 1 else (year, month - 1)
        yield _Item(
            _day(rng, year, month),
            f"{of_year}年{of_month}月全县生产安全事故统计情况",
            LAW + "统计信息",
            "统计数据",
            "事故统计",
            f"{of_year}年{of_month}月全县生产安全事故起数、死亡人数及与上年同期的比较。",
            unit="安全生产综合监管股",
        )


def _budget(rng: random.Random, year: int) -> Iterator[_Item]:
    yield _Item(
        _day(rng, year, 2),
        f"{AGENCY_NAME}{year}年部门预算",
        LAW + "财政预算、决算",
        "其他",
        "部门预算 财政",
        f"公开本局{year}年收支预算总表、一般公共预算支出表及“三公”经费预算。",
        unit="办公室",
    )
    yield _Item(
        _day(rng, year, 8),
        f"{AGENCY_NAME}{year - 1}年部门决算",
        LAW + "财政预算、决算",
        "其他",
        "部门决算 财政",
        f"公开本局{year - 1}年收支决算情况及“三公”经费支出说明。",
        unit="办公室",
    )
    yield _Item(
        _day(rng, year, 3),
        f"{AGENCY_NAME}{year}年行政事业性收费情况说明",
        LAW + "行政事业性收费",
        "其他",
        "行政事业性收费",
        "本局无行政事业性收费项目，特此说明。",
        unit="办公室",
    )


def _purchases(rng: random.Random, year: int) -> Iterator[_Item]:
    for goods in rng.sample(PURCHASES, rng.randint(2, 3)):
        yield _Item(
            _day(rng, year, rng.randint(3, 11)),
            f"县应急物资储备{goods}采购项目成交结果公告",
            LAW + "政府集中采购",
            "公告",
            f"政府采购 {goods}",
            f"公布{goods}采购项目的成交供应商、成交金额及公告期限。",
            unit="救灾和物资保障股",
        )


def _plans(rng: random.Random, year: int) -> Iterator[_Item]:
    for plan in rng.sample(PLANS, 2):
        yield _Item(
            _day(rng, year, rng.randint(3, 9)),
            f"青溪县{plan}应急预案（{year}年修订）",
            LAW + "突发公共事件应对",
            "方案",
            f"应急预案 {plan}",
            f"规定{plan}突发事件的组织指挥体系、监测预警、应急响应和后期处置。",
            "青应急",
        )


def _staff(rng: random.Random, year: int) -> Iterator[_Item]:
    yield _Item(
        _day(rng, year, 4),
        f"{year}年县应急管理局所属事业单位公开招聘工作人员公告",
        LAW + "公务员招考",
        "公告",
        "公开招聘 事业单位",
        "公布招聘岗位、报名条件、考试方式和时间安排。",
        open_days=60,
        unit="办公室",
    )
    yield _Item(
        _day(rng, year, 7),
        f"{year}年县应急管理局所属事业单位拟聘用人员公示",
        LAW + "公务员招考",
        "公告",
        "拟聘用 公示",
        "公示拟聘用人员名单，公示期内接受社会监督。",
        open_days=30,
        unit="办公室",
    )


def _inspections(rng: random.Random, year: int) -> Iterator[_Item]:
    for quarter, month in enumerate((4, 7, 10), start=1):
        yield _Item(
            _day(rng, year, month),
            f"{year}年第{quarter}季度安全生产执法检查情况通报",
            LAW + "监督检查情况",
            "通报",
            "执法检查 通报",
            "通报本季度执法检查企业数量、发现隐患及整改情况。",
            "青应急",
            unit="综合行政执法大队",
        )


def _relief(rng: random.Random, year: int) -> Iterator[_Item]:
    yield _Item(
        _day(rng, year, 11),
        f"{year}—{year + 1}年度受灾群众冬春生活救助资金分配公示",
        LAW + "扶贫、教育、医疗、社会保障、促进就业",
        "公告",
        "冬春救助 救灾资金",
        "公示各乡镇冬春生活救助资金的分配标准和金额。",
        open_days=30,
        unit="救灾和物资保障股",
    )


def _requests(rng: random.Random, year: int) -> Iterator[_Item]:
    yield _Item(
        _day(rng, year, rng.randint(2, 11)),
        "关于申请安排应急物资储备库维修资金的请示",
        "其他",
        "其他",
        "应急物资 请示",
        "申请安排储备库屋面维修资金的请示及预算明细。",
        "青应急",
        form="依申请公开",
    )
    yield _Item(
        _day(rng, year, rng.randint(2, 11)),
        "防汛应急物资储备点位及数量明细",
        "其他",
        "其他",
        "防汛物资 储备",
        "涉及应急物资储备安全，不予公开。",
        form="不予公开",
        unit="救灾和物资保障股",
    )


def _once(rng: random.Random, years: range) -> Iterator[_Item]:
    first = years[0]
    yield _Item(
        _day(rng, first, 1),
        f"{AGENCY_NAME}政府信息公开指南",
        "政府信息公开指南",
        "其他",
        "公开指南",
        "说明主动公开的范围、依申请公开的办理流程和监督方式。",
        unit="办公室",
    )
    yield _Item(
        _day(rng, first, 2),
        f"{AGENCY_NAME}政府信息公开保密审查办法",
        "政府信息公开制度",
        "办法",
        "保密审查",
        "规定拟公开信息的保密审查程序和责任。",
        "青应急",
    )
    yield _Item(
        _day(rng, first, 2),
        f"{AGENCY_NAME}主要职责和内设机构",
        LAW + "机构职能",
        "其他",
        "机构职能",
        "介绍本局的主要职责、内设机构、办公地址和联系方式。",
        unit="办公室",
    )
    yield _Item(
        _day(rng, years[-1], 1),
        f"{AGENCY_NAME}政府信息公开指南（{years[-1]}年修订）",
        "政府信息公开指南",
        "其他",
        "公开指南",
        "根据机构和联系方式变化修订公开指南。",
        unit="办公室",
    )
    yield _Item(
        _day(rng, first, 6),
        "青溪县“十四五”应急管理体系建设规划",
        LAW + "规划信息",
        "规划",
        "规划 应急体系",
        "提出规划期内应急管理体系建设的目标、主要任务和保障措施。",
        "青应急",
    )


def _withdrawn(rng: random.Random, item: _Item, last_day: dt.date) -> _Item:
    """Some rules and regulations are repealed or expire later (they count in the annual report)."""
    if item.genre not in ("行政规范性文件", "规章"):
        return item
    chance = rng.random()
    on = item.on + dt.timedelta(days=rng.randint(150, 600))
    if chance > 0.6 or on > last_day:
        return item
    return replace(item, validity="废止" if chance > 0.1 else "失效", validity_date=on)


def _numbered(items: list[_Item]) -> Iterator[tuple[_Item, str]]:
    """Each item with its 文号 (e.g. 青应急〔2024〕12号), numbered per series and year in date order."""
    counters: dict[tuple[str, int], int] = {}
    for item in items:
        if not item.series:
            yield item, ""
            continue
        key = (item.series, item.on.year)
        counters[key] = counters.get(key, 0) + 1
        yield item, f"{item.series}〔{item.on.year}〕{counters[key]}号"


def _entry(numbered: tuple[_Item, str]) -> ImportedEntry:
    item, doc_number = numbered
    published = item.on + dt.timedelta(days=(item.on.toordinal() % 4))  # 0–3 days after, stable
    draft = EntryDraft(
        title=item.title.replace("{文号}", doc_number),
        generated_on=item.on,
        doc_number=doc_number,
        publisher=f"{AGENCY_NAME}{item.unit}",
        disclosure_form=item.form,
        published_on=published if item.form == "主动公开" else None,
        period="限期公开" if item.open_days else "长期公开",
        period_end=item.on + dt.timedelta(days=item.open_days) if item.open_days else None,
        genre=item.genre,
        keywords=item.keywords,
        summary=item.summary,
    ).normalized()
    return ImportedEntry(draft, item.node, item.validity, item.validity_date)
