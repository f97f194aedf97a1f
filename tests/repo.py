"""This repository is itself a planeval project folder, with the sample plans."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def execute_notebook(source, output, **options):
    """papermill.execute_notebook with the kernel on local IPC sockets where the OS has
    them, as the batch runs it: over TCP, two test workers starting kernels at once can
    take each other's port between choosing and binding it ("Address already in use")."""
    import tempfile

    import papermill

    from planeval.run.kernels import kernel_manager_class

    with tempfile.TemporaryDirectory(prefix="planeval-test-kernel-") as sockets:
        return papermill.execute_notebook(
            str(source),
            str(output),
            kernel_manager_class=kernel_manager_class(Path(sockets)),
            **options,
        )


def copy_project(root: Path, plans: list[str]) -> Path:
    """A project folder at `root` with copies of sample plans (parameters and raw data),
    so a test writes processed data and outputs below root only."""
    import shutil

    for plan in plans:
        shutil.copytree(PROJECT_ROOT / "data" / "raw" / plan, root / "data" / "raw" / plan)
        (root / "parameters").mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT_ROOT / "parameters" / f"{plan}.yaml", root / "parameters")
    return root


# Each sample plan's report headings (一、 and （一） levels, in order), as its seed's
# framework writes them. The top-level list is exact; the full list is read as a
# subsequence of the report's h2/h3 headings (category headings may sit between).
_APPENDIX = ["附录", "（一）评估方法说明", "（二）数据来源与口径说明"]
# 专项规划 (the special framework, both 江北区 special plans)
SPECIAL_HEADINGS = [
    "摘要",
    "一、规划实施总体进展情况",
    "（一）主要目标指标进展",
    "（二）重点任务推进情况",
    "（三）重大工程项目进展",
    "二、存在的主要问题",
    "三、规划调整的原因和调整方案",
    "四、下一步工作举措",
    *_APPENDIX,
]
DEFAULT_HEADINGS = [
    "摘要",
    "一、规划实施总体进展情况",
    "（一）主要目标指标进展",
    "（二）重大战略任务推进",
    "（三）重大工程项目进展",
    "二、规划实施面临的主要问题和风险挑战",
    "（一）外部环境变化情况",
    "（二）主要问题和挑战",
    "三、规划中后期主要工作举措",
    "四、进一步推进规划实施的对策建议",
    *_APPENDIX,
]
PLAN_HEADINGS = {
    # 柳南区 附件2: three parts
    "liunan": [
        *DEFAULT_HEADINGS[:7],  # 摘要 … （一）外部环境变化情况, as the default
        "（二）完成本地区承担任务面临的主要问题和挑战",
        "三、进一步推进规划实施的对策建议",
        "（一）规划中后期主要工作举措",
        "（二）规划实施和调整建议",
        *_APPENDIX,
    ],
    # 河北区 附件2
    "hebei": [
        "摘要",
        "一、规划实施总体进展情况",
        "（一）主要指标进展",
        "（二）重点任务进展",
        "（三）专栏项目进展",
        "（四）重点专项规划实施评估情况",  # its 附件1 目录清单 (16 plans)
        "二、规划实施面临的主要问题和风险挑战",
        "（一）外部环境变化情况",
        "（二）完成本部门承担任务面临的主要问题和挑战",
        "三、规划中后期运行主要工作举措",
        "四、进一步推进规划实施的对策建议",
        *_APPENDIX,
    ],
    # 白城市 评估报告（征求意见稿）: three parts
    "baicheng": [
        "摘要",
        "一、《纲要》实施总体进展情况",
        "（一）主要目标进展情况",
        "（二）重大任务举措进展情况",
        "（三）重大工程项目进展情况",
        "二、面临的主要问题和风险挑战",
        "（一）外部环境变化情况",
        "（二）主要问题",
        "三、进一步推进《纲要》实施的对策建议",
        *_APPENDIX,
    ],
    # the default framework, with the 专项规划目录 overview the 江北区 seed asks for
    "jiangbei": [
        *DEFAULT_HEADINGS[:5],
        "（四）重点专项规划实施评估情况",
        *DEFAULT_HEADINGS[5:],
    ],
    "jiangbei_health": SPECIAL_HEADINGS,
    "jiangbei_emergency": SPECIAL_HEADINGS,
    # 总结评估
    "liunan_final": [
        "摘要",
        "一、主要目标指标完成情况",
        "二、重大任务和重大工程完成情况",
        "（一）重大任务完成情况",
        "（二）重大工程完成情况",
        "三、存在的主要问题",
        "四、经验启示",
        "五、对下一个五年规划的建议",
        *_APPENDIX,
    ],
    # 年度监测 (the monitoring framework)
    "sample15": [
        "摘要",
        "一、主要指标监测情况",
        "二、重点任务和重大项目推进情况",
        "（一）重点任务推进情况",
        "（二）重大项目推进情况",
        "三、存在的主要问题",
        "四、下一步工作举措",
        "附录",
        "（一）监测方法说明",
        "（二）数据来源与口径说明",
    ],
}


def plan_headings(plan: str) -> list[str]:
    return PLAN_HEADINGS.get(plan, DEFAULT_HEADINGS)


def top_headings(plan: str) -> list[str]:
    """The report's parts: 摘要, 一、… and 附录."""
    return [h for h in plan_headings(plan) if not h.startswith("（")]
