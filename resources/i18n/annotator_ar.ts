<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ar">
<context>
    <name>ClaimPanel</name>
    <message>
        <source>Claim quote</source>
        <translation>نص الادعاء</translation>
    </message>
    <message>
        <source>Verification status</source>
        <translation>حالة التحقق</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>المصادر</translation>
    </message>
    <message>
        <source>Add a source (Arabic or English name)</source>
        <translation>أضف مصدرًا (بالاسم العربي أو الإنجليزي)</translation>
    </message>
    <message>
        <source>speaker</source>
        <translation>قائل</translation>
    </message>
    <message>
        <source>carrier</source>
        <translation>ناقل</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>إزالة</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>الأدلة</translation>
    </message>
    <message>
        <source>Created {created} by {creator} · changed {updated} by {updater}</source>
        <translation>أُنشئ {created} بواسطة {creator} · عُدّل {updated} بواسطة {updater}</translation>
    </message>
    <message>
        <source>Set status</source>
        <translation>تعيين الحالة</translation>
    </message>
    <message>
        <source>Edit note</source>
        <translation>تحرير الملاحظة</translation>
    </message>
    <message>
        <source>Add new source</source>
        <translation>إضافة مصدر جديد</translation>
    </message>
    <message>
        <source>Add source</source>
        <translation>إضافة مصدر</translation>
    </message>
    <message>
        <source>Remove source</source>
        <translation>إزالة مصدر</translation>
    </message>
    <message>
        <source>Add evidence</source>
        <translation>إضافة دليل</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <source>Search articles and claims</source>
        <translation>ابحث في المقالات والادعاءات</translation>
    </message>
    <message>
        <source>Filter by status</source>
        <translation>تصفية حسب الحالة</translation>
    </message>
    <message>
        <source>Filter by source</source>
        <translation>تصفية حسب المصدر</translation>
    </message>
    <message>
        <source>Filter by editor</source>
        <translation>تصفية حسب المحرر</translation>
    </message>
    <message>
        <source>Filter by outlet</source>
        <translation>تصفية حسب الوسيلة</translation>
    </message>
    <message>
        <source>Filter by date</source>
        <translation>تصفية حسب التاريخ</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>أي تاريخ</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>اليوم</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>آخر 7 أيام</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>آخر 30 يومًا</translation>
    </message>
    <message>
        <source>Last 365 days</source>
        <translation>آخر 365 يومًا</translation>
    </message>
    <message>
        <source>Articles</source>
        <translation>المقالات</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>كل الحالات</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>كل المصادر</translation>
    </message>
    <message>
        <source>All editors</source>
        <translation>كل المحررين</translation>
    </message>
    <message>
        <source>All outlets</source>
        <translation>كل الوسائل</translation>
    </message>
    <message>
        <source>claims</source>
        <translation>ادعاءات</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Arabic News Annotator</source>
        <translation>مُعلِّق الأخبار العربية</translation>
    </message>
    <message>
        <source>Article title</source>
        <translation>عنوان المقال</translation>
    </message>
    <message>
        <source>Article text</source>
        <translation>نص المقال</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>النص</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>المصادر</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>المحرر</translation>
    </message>
    <message>
        <source>Claims of the article</source>
        <translation>ادعاءات المقال</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>الادعاءات</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;تحرير</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <source>&amp;Claim</source>
        <translation>&amp;ادعاء</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;تراجع</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;إعادة</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>تراجع</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>إعادة</translation>
    </message>
    <message>
        <source>&amp;Find in library</source>
        <translation>&amp;بحث في المكتبة</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;التفضيلات…</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>&amp;تكبير</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>ت&amp;صغير</translation>
    </message>
    <message>
        <source>&amp;Reset zoom</source>
        <translation>&amp;إعادة ضبط التكبير</translation>
    </message>
    <message>
        <source>&amp;Mark claim</source>
        <translation>&amp;تحديد ادعاء</translation>
    </message>
    <message>
        <source>Mark claim (&amp;exact selection)</source>
        <translation>تحديد ادعاء (التحديد &amp;بالضبط)</translation>
    </message>
    <message>
        <source>&amp;Delete claim</source>
        <translation>&amp;حذف الادعاء</translation>
    </message>
    <message>
        <source>&amp;Next claim</source>
        <translation>الادعاء ال&amp;تالي</translation>
    </message>
    <message>
        <source>&amp;Previous claim</source>
        <translation>الادعاء ال&amp;سابق</translation>
    </message>
    <message>
        <source>S&amp;pan</source>
        <translation>&amp;المدى</translation>
    </message>
    <message>
        <source>Start one word earlier</source>
        <translation>البداية كلمةً إلى الوراء</translation>
    </message>
    <message>
        <source>Start one word later</source>
        <translation>البداية كلمةً إلى الأمام</translation>
    </message>
    <message>
        <source>End one word later</source>
        <translation>النهاية كلمةً إلى الأمام</translation>
    </message>
    <message>
        <source>End one word earlier</source>
        <translation>النهاية كلمةً إلى الوراء</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;الحالة</translation>
    </message>
    <message>
        <source>Annotation</source>
        <translation>التعليق</translation>
    </message>
    <message>
        <source>{n} claims {summary} · {articles} articles · workspace {path} · editor {editor}</source>
        <translation>{n} ادعاءات {summary} · {articles} مقالات · مساحة العمل {path} · المحرر {editor}</translation>
    </message>
    <message>
        <source>Not changed</source>
        <translation>لم يُغيَّر شيء</translation>
    </message>
    <message>
        <source>New source</source>
        <translation>مصدر جديد</translation>
    </message>
    <message>
        <source>“{name}” is not a known source. What kind of source is it?</source>
        <translation>«{name}» ليس مصدرًا معروفًا. ما نوع هذا المصدر؟</translation>
    </message>
    <message>
        <source>Not marked</source>
        <translation>لم يُحدَّد</translation>
    </message>
    <message>
        <source>Mark claim</source>
        <translation>تحديد ادعاء</translation>
    </message>
    <message>
        <source>Delete claim</source>
        <translation>حذف الادعاء</translation>
    </message>
    <message>
        <source>Set status</source>
        <translation>تعيين الحالة</translation>
    </message>
    <message>
        <source>Change span</source>
        <translation>تغيير المدى</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>التفضيلات</translation>
    </message>
    <message>
        <source>Editor name</source>
        <translation>اسم المحرر</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>لغة النظام</translation>
    </message>
    <message>
        <source>Snap new claims to whole words</source>
        <translation>توسيع الادعاءات الجديدة إلى كلمات كاملة</translation>
    </message>
    <message>
        <source>Interface language (after restart)</source>
        <translation>لغة الواجهة (بعد إعادة التشغيل)</translation>
    </message>
    <message>
        <source>Article font</source>
        <translation>خط المقال</translation>
    </message>
    <message>
        <source>Article font size</source>
        <translation>حجم خط المقال</translation>
    </message>
</context>
<context>
    <name>QDialog</name>
    <message>
        <source>Welcome</source>
        <translation>مرحبًا</translation>
    </message>
    <message>
        <source>Your name, as it will be recorded with your annotations:</source>
        <translation>اسمك كما سيُسجَّل مع تعليقاتك:</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Cannot open the workspace</source>
        <translation>تعذّر فتح مساحة العمل</translation>
    </message>
</context>
</TS>