"""The 登录 box: shown only when a user must sign in; a wrong password keeps it open with a message."""

from __future__ import annotations

from desktop_app.ui import launch
from desktop_app.ui.sign_in import SignInDialog


def test_the_single_user_office_opens_without_the_box(
    services, db_path, tmp_path, monkeypatch, qapp
):
    monkeypatch.setattr(SignInDialog, "exec", lambda _d: (_ for _ in ()).throw(AssertionError))
    opened = launch.open_signed_in(str(db_path), str(tmp_path / "data"))
    try:
        assert opened.db.user.roles == ("经办人", "审核人", "管理员")
    finally:
        opened.close()


def test_a_user_with_a_password_signs_in(services, db_path, tmp_path, monkeypatch, qtbot):
    services.users.add("审核员", ("审核人",), "正确的密码")
    monkeypatch.setenv("DISCLOSURE_DESK_USER", "审核员")
    shown = []

    def sign_in(dialog):
        qtbot.addWidget(dialog)
        shown.append(dialog.general_error.text())
        assert dialog.name.text() == "审核员"
        dialog.password.setText("错误的密码")
        dialog.save()
        assert dialog.result() == 0  # still open
        assert "密码不正确" in dialog.errors["密码"].text()
        dialog.password.setText("正确的密码")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", sign_in)
    opened = launch.open_signed_in(str(db_path), str(tmp_path / "data"))
    try:
        assert opened.db.user.name == "审核员"
        assert "需要登录" in shown[0]
    finally:
        opened.close()


def test_giving_up_opens_nothing(services, db_path, tmp_path, monkeypatch, qapp):
    services.users.add("审核员", ("审核人",), "密码")
    monkeypatch.setenv("DISCLOSURE_DESK_USER", "审核员")
    monkeypatch.setattr(SignInDialog, "exec", lambda _d: 0)
    assert launch.open_signed_in(str(db_path), str(tmp_path / "data")) is None
