package bundle

import "testing"

func TestMaskPasswords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"password: hunter2", "password: ********"},
		// A trailing comma may be part of the password: it goes too.
		{"Password:hunter2, then the code", "Password:******** then the code"},
		{"my password is hunter2 and it fails", "my password is ******** and it fails"},
		{"pwd hunter2", "pwd ********"},
		{"passwd=s3cr3t!", "passwd=********"},
		{`password: "correct horse battery"`, "password: ********"},
		{"PIN: 4821", "PIN: ********"},
		{"密码：abc123，登录失败", "密码：********，登录失败"},
		{"登录密码是abc123", "登录密码是********"},
		{"交易密码为 778899", "交易密码为 ********"},
		// Not passwords.
		{"I reset my password yesterday", "I reset my password yesterday"},
		{"password reset did not help", "password reset did not help"},
		{"密码错误，账户被锁定", "密码错误，账户被锁定"},
		{"the passwords are fine", "the passwords are fine"},
		{"spinning wheel: 10 min", "spinning wheel: 10 min"},
	} {
		if got := MaskPasswords(tc.in); got != tc.want {
			t.Errorf("MaskPasswords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
