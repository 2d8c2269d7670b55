"""Training-centre manager (Quản lý bồi dưỡng chính trị)."""

__version__ = "0.2.0"
