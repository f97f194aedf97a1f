"""The published words of the method: what an indicator can be judged, at each point.

Data files (a manual judgement), the parameters (`monitoring_watch`) and the method all
use these words, so they live below all three. The method's rules are in
`planeval.method.progress` and `planeval.method.evaluation`.
"""

# Categories of the national mid-term report (中期评估, 年度监测), by R = P / E.
ACHIEVED = "提前实现"
AHEAD = "快于预期"
ON_TRACK = "基本符合预期"
LAGGING = "滞后于预期"
OFFICIAL_CATEGORIES = (ACHIEVED, AHEAD, ON_TRACK, LAGGING)
# 总结评估 (final evaluation).
COMPLETED = "已完成"
BASICALLY_COMPLETED = "基本完成"
NOT_COMPLETED = "未完成"
FINAL_CATEGORIES = (COMPLETED, BASICALLY_COMPLETED, NOT_COMPLETED)
# When no category can be given.
MANUAL = "需人工判断"
NO_DATA = "数据不足"

# Outlook (如期实现前景): the second judgement, from the forecast.
LIKELY = "有望实现"
AT_RISK = "存在风险"
UNLIKELY = "难以实现"
OUTLOOKS = (LIKELY, AT_RISK, UNLIKELY)
