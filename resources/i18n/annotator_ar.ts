<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
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
    <name>ExportDialog</name>
    <message>
        <source>Cannot open the workspace {path}: {error}</source>
        <extracomment>Declared with the other preferences in ``settings``.</extracomment>
        <translation>تعذّر فتح مساحة العمل {path}: {error}</translation>
    </message>
    <message>
        <source>Cannot write {path}: {error}</source>
        <translation>تعذّرت الكتابة في {path}: {error}</translation>
    </message>
    <message>
        <source>The export stopped: {error}</source>
        <translation>توقف التصدير: {error}</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;الصيغة:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;استعراض…</translation>
    </message>
    <message>
        <source>&amp;Save to:</source>
        <translation>&amp;حفظ في:</translation>
    </message>
    <message>
        <source>&amp;Current article</source>
        <translation>المقال ال&amp;حالي</translation>
    </message>
    <message>
        <source>&amp;All articles</source>
        <translation>&amp;كل المقالات</translation>
    </message>
    <message>
        <source>&amp;Current article: {title}</source>
        <translation>المقال ال&amp;حالي: {title}</translation>
    </message>
    <message>
        <source>Articles:</source>
        <translation>المقالات:</translation>
    </message>
    <message>
        <source>Only claims with one of the checked statuses; none checked: every status</source>
        <translation>الادعاءات ذات الحالات المحددة فقط؛ إن لم يُحدَّد شيء: كل الحالات</translation>
    </message>
    <message>
        <source>S&amp;tatuses:</source>
        <translation>ال&amp;حالات:</translation>
    </message>
    <message>
        <source>Only claims attributed to one of the checked sources (speaker or carrier); none checked: any source</source>
        <translation>الادعاءات المنسوبة إلى أحد المصادر المحددة فقط (قائلًا أو ناقلًا)؛ إن لم يُحدَّد شيء: أي مصدر</translation>
    </message>
    <message>
        <source>S&amp;ources:</source>
        <translation>ال&amp;مصادر:</translation>
    </message>
    <message>
        <source>Any editor</source>
        <translation>أي محرر</translation>
    </message>
    <message>
        <source>&amp;Editor:</source>
        <translation>&amp;المحرر:</translation>
    </message>
    <message>
        <source>Every editor&apos;s claims</source>
        <translation>ادعاءات كل المحررين</translation>
    </message>
    <message>
        <source>Reviewed layer (adjudicated articles)</source>
        <translation>الطبقة المُراجَعة (المقالات المحكَّمة)</translation>
    </message>
    <message>
        <source>&amp;Layer:</source>
        <translation>ال&amp;طبقة:</translation>
    </message>
    <message>
        <source>Only claims changed &amp;since</source>
        <translation>الادعاءات المعدّلة &amp;منذ فقط</translation>
    </message>
    <message>
        <source>S&amp;plit into</source>
        <translation>&amp;تقسيم إلى</translation>
    </message>
    <message>
        <source>seed </source>
        <translation>البذرة </translation>
    </message>
    <message>
        <source>Training data:</source>
        <translation>بيانات التدريب:</translation>
    </message>
    <message>
        <source>&amp;Language of labels:</source>
        <translation>&amp;لغة التسميات:</translation>
    </message>
    <message>
        <source>&amp;Open the result when done</source>
        <translation>&amp;فتح النتيجة عند الانتهاء</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;تصدير</translation>
    </message>
    <message>
        <source>Export to folder</source>
        <translation>تصدير إلى مجلد</translation>
    </message>
    <message>
        <source>Export to file</source>
        <translation>تصدير إلى ملف</translation>
    </message>
    <message>
        <source>{name} (*.{ext})</source>
        <translation>{name} (ملفات *.{ext})</translation>
    </message>
    <message>
        <source>Choose where to save the export.</source>
        <translation>اختر مكان حفظ التصدير.</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;تصدير…</translation>
    </message>
    <message>
        <source>Export claims as a report, for publishing or as training data</source>
        <translation>تصدير الادعاءات تقريرًا أو للنشر أو بياناتٍ للتدريب</translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation>هناك تصدير جارٍ بالفعل.</translation>
    </message>
    <message>
        <source>An export is already running. Wait for it or cancel it.</source>
        <translation>هناك تصدير جارٍ بالفعل. انتظر انتهاءه أو ألغِه.</translation>
    </message>
    <message>
        <source>Not exported</source>
        <translation>لم يُصدَّر</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>جارٍ التصدير</translation>
    </message>
    <message>
        <source>Reading articles…</source>
        <translation>جارٍ قراءة المقالات…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>{done} of {total} articles</source>
        <translation>{done} من {total} مقالات</translation>
    </message>
    <message>
        <source>Exported {claims} claims from {articles} articles as {format}:
{files}</source>
        <translation>صُدِّر {claims} ادعاءً من {articles} مقالات بصيغة {format}:
{files}</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>انتهى التصدير</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>أُلغي التصدير</translation>
    </message>
    <message>
        <source>The export was cancelled; nothing was written.</source>
        <translation>أُلغي التصدير؛ لم يُكتب شيء.</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>فشل التصدير</translation>
    </message>
    <message>
        <source>Nothing was written.</source>
        <translation>لم يُكتب شيء.</translation>
    </message>
</context>
<context>
    <name>ImportDialogs</name>
    <message>
        <source>{imported} imported, {duplicates} already present, {failed} failed</source>
        <extracomment>Declared here next to its only user; belongs in ``settings.ALL_SETTINGS``. (label, codec) offered in the Import dialog; None lets the importer detect the encoding (BOM, strict UTF-8, then the better of Windows-1256 and ISO-8859-6). More files than this get a progress dialog with a Cancel button.</extracomment>
        <translation>استُورد {imported}، وكان {duplicates} موجودًا من قبل، وفشل {failed}</translation>
    </message>
    <message>
        <source> · cancelled: the files after these were not read; what was imported stays</source>
        <translation> · أُلغي: لم تُقرأ الملفات التالية؛ ويبقى ما استُورد</translation>
    </message>
    <message>
        <source>{name}: read as {encoding}</source>
        <translation>{name}: قُرئ بترميز {encoding}</translation>
    </message>
    <message>
        <source>{name}: already in the workspace as “{title}”</source>
        <translation>{name}: موجود في مساحة العمل بعنوان «{title}»</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>خطأ غير معروف</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>انتهى الاستيراد</translation>
    </message>
    <message>
        <source>Errors ({n})</source>
        <translation>أخطاء ({n})</translation>
    </message>
    <message>
        <source>Already present, not imported again ({n})</source>
        <translation>موجودة من قبل ولم تُستورد ثانيةً ({n})</translation>
    </message>
    <message>
        <source>Notes ({n})</source>
        <translation>ملاحظات ({n})</translation>
    </message>
    <message>
        <source>Articles ({patterns})</source>
        <translation>مقالات ({patterns})</translation>
    </message>
    <message>
        <source>Text (*.txt *.text)</source>
        <translation>نص (*.txt *.text)</translation>
    </message>
    <message>
        <source>Markdown (*.md *.markdown)</source>
        <translation>ماركداون (*.md *.markdown)</translation>
    </message>
    <message>
        <source>Web pages (*.html *.htm *.xhtml)</source>
        <translation>صفحات ويب (*.html *.htm *.xhtml)</translation>
    </message>
    <message>
        <source>JSON batches (*.json *.jsonl *.ndjson)</source>
        <translation>دفعات JSON (*.json *.jsonl *.ndjson)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>كل الملفات (*)</translation>
    </message>
    <message>
        <source>Import articles</source>
        <translation>استيراد مقالات</translation>
    </message>
    <message>
        <source>Auto reads byte-order marks and UTF-8, and tells Windows-1256 from ISO-8859-6 by the Arabic letters it finds. Choose an encoding when the imported text looks garbled.</source>
        <translation>الوضع التلقائي يقرأ علامات ترتيب البايت وUTF-8، ويميّز Windows-1256 من ISO-8859-6 بالحروف العربية التي يجدها. اختر ترميزًا إذا بدا النص المستورد مشوّهًا.</translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation>&amp;الترميز:</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;استيراد…</translation>
    </message>
    <message>
        <source>Import article files (text, Markdown, HTML, JSON)</source>
        <translation>استيراد ملفات مقالات (نص، ماركداون، HTML، JSON)</translation>
    </message>
    <message>
        <source>&amp;Paste as new article…</source>
        <translation>&amp;لصق كمقال جديد…</translation>
    </message>
    <message>
        <source>Make a new article of the text on the clipboard</source>
        <translation>إنشاء مقال جديد من النص الموجود في الحافظة</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>استيراد</translation>
    </message>
    <message>
        <source>An import is already running.</source>
        <translation>هناك استيراد جارٍ بالفعل.</translation>
    </message>
    <message>
        <source>An import is already running. Wait for it or cancel it.</source>
        <translation>هناك استيراد جارٍ بالفعل. انتظر انتهاءه أو ألغِه.</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>لم يُستورد</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>جارٍ الاستيراد</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>جارٍ البدء…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>{name}
{n} of {total}</source>
        <translation>{name}
{n} من {total}</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>فشل الاستيراد</translation>
    </message>
    <message>
        <source>Paste as new article</source>
        <translation>لصق كمقال جديد</translation>
    </message>
    <message>
        <source>An import is running. Paste again when it has finished.</source>
        <translation>هناك استيراد جارٍ. الصق مرة أخرى بعد انتهائه.</translation>
    </message>
    <message>
        <source>The clipboard holds no text.</source>
        <translation>لا يوجد نص في الحافظة.</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>العنوان:</translation>
    </message>
    <message>
        <source>The text could not be imported.</source>
        <translation>تعذّر استيراد النص.</translation>
    </message>
    <message>
        <source>Already present</source>
        <translation>موجود من قبل</translation>
    </message>
    <message>
        <source>This text is already in the workspace as “{title}”. It was not imported again; the existing article is shown.</source>
        <translation>هذا النص موجود في مساحة العمل بعنوان «{title}». لم يُستورد ثانيةً، ويُعرض المقال الموجود.</translation>
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
        <extracomment>After :meth:`reload_from_workspace`: another process or a merge wrote to the workspace.</extracomment>
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
        <source>Reviewed layer: the adjudicated claims (View &gt; Show the reviewed layer to go back to the editors&apos; claims)</source>
        <translation>الطبقة المُراجَعة: الادعاءات بعد التحكيم (عرض &gt; عرض الطبقة المُراجَعة للعودة إلى ادعاءات المحررين)</translation>
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
        <source>Suggested attributions</source>
        <translation>الإسنادات المقترحة</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>الادعاءات</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>الاقتراحات</translation>
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
        <source>Sources and &amp;statuses…</source>
        <translation>المصادر و&amp;الحالات…</translation>
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
        <source>&amp;Progress of the editors…</source>
        <translation>&amp;تقدّم المحررين…</translation>
    </message>
    <message>
        <source>Show the re&amp;viewed layer</source>
        <translation>عرض الطبقة ال&amp;مُراجَعة</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>م&amp;راجعة</translation>
    </message>
    <message>
        <source>&amp;Adjudicate article…</source>
        <translation>&amp;تحكيم المقال…</translation>
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
        <source>S&amp;uggestions</source>
        <translation>الا&amp;قتراحات</translation>
    </message>
    <message>
        <source>&amp;Suggest attributions</source>
        <translation>&amp;اقترح الإسنادات</translation>
    </message>
    <message>
        <source>&amp;Accept suggestion</source>
        <translation>&amp;قبول الاقتراح</translation>
    </message>
    <message>
        <source>&amp;Reject suggestion</source>
        <translation>&amp;رفض الاقتراح</translation>
    </message>
    <message>
        <source>Accept a&amp;ll suggestions</source>
        <translation>قبول &amp;كل الاقتراحات</translation>
    </message>
    <message>
        <source>&amp;Next suggestion</source>
        <translation>الاقتراح ال&amp;تالي</translation>
    </message>
    <message>
        <source>&amp;Previous suggestion</source>
        <translation>الاقتراح ال&amp;سابق</translation>
    </message>
    <message>
        <source>Annotation</source>
        <translation>التعليق</translation>
    </message>
    <message>
        <source>Reviewed layer · </source>
        <translation>الطبقة المُراجَعة · </translation>
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
        <source>Suggestions ({n})</source>
        <translation>الاقتراحات ({n})</translation>
    </message>
    <message>
        <source>Accept suggestion</source>
        <translation>قبول الاقتراح</translation>
    </message>
    <message>
        <source>Reject suggestion</source>
        <translation>رفض الاقتراح</translation>
    </message>
    <message>
        <source>Accept all suggestions</source>
        <translation>قبول كل الاقتراحات</translation>
    </message>
    <message>
        <source>An import is running; edit again when it has finished.</source>
        <translation>هناك استيراد جارٍ؛ عدّل مرة أخرى بعد انتهائه.</translation>
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
    <name>MergeController</name>
    <message>
        <source>&amp;Merge workspace…</source>
        <translation>&amp;دمج مساحة عمل…</translation>
    </message>
    <message>
        <source>Merge a workspace</source>
        <translation>دمج مساحة عمل</translation>
    </message>
    <message>
        <source>Workspaces (*.db)</source>
        <translation>مساحات العمل (*.db)</translation>
    </message>
    <message>
        <source>Merging…</source>
        <translation>جارٍ الدمج…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Merge workspace</source>
        <translation>دمج مساحة عمل</translation>
    </message>
    <message>
        <source>Articles added: {articles}. Claims added: {added}, updated: {updated}, unchanged: {unchanged}. Conflicts (both versions kept): {conflicts}.</source>
        <translation>المقالات المضافة: {articles}. الادعاءات المضافة: {added}، المحدّثة: {updated}، دون تغيير: {unchanged}. التعارضات (حُفظت النسختان): {conflicts}.</translation>
    </message>
    <message>
        <source>Sources updated to their version: {n}.</source>
        <translation>المصادر المحدّثة إلى نسخة الطرف الآخر: {n}.</translation>
    </message>
    <message>
        <source>Sources changed on both sides, ours kept: {n} (see Edit &gt; Sources and statuses &gt; Merge conflicts).</source>
        <translation>مصادر عدّلها الطرفان، أُبقيت نسختنا منها: {n} (انظر تحرير &gt; المصادر والحالات &gt; تعارضات الدمج).</translation>
    </message>
    <message>
        <source>Adjudicator&apos;s rejections added: {n}.</source>
        <translation>قرارات رفض المحكِّم المضافة: {n}.</translation>
    </message>
    <message>
        <source>Adjudicator&apos;s rejections withdrawn: {n}.</source>
        <translation>قرارات رفض المحكِّم المسحوبة: {n}.</translation>
    </message>
    <message>
        <source>Rejected suggestions added: {n}.</source>
        <translation>الاقتراحات المرفوضة المضافة: {n}.</translation>
    </message>
    <message>
        <source>Rejected suggestions withdrawn (suggested again): {n}.</source>
        <translation>الاقتراحات التي سُحب رفضها (تُقترح من جديد): {n}.</translation>
    </message>
    <message>
        <source>Conflicts recorded in the other workspace, now listed here: {n}.</source>
        <translation>تعارضات سُجّلت في مساحة العمل الأخرى وأُدرجت هنا: {n}.</translation>
    </message>
    <message>
        <source>Source conflicts recorded in the other workspace, now listed here: {n}.</source>
        <translation>تعارضات مصادر سجّلتها مساحة العمل الأخرى، مدرجة هنا الآن: {n}.</translation>
    </message>
    <message>
        <source>Source conflicts closed, both sides agree now: {n}.</source>
        <translation>تعارضات مصادر أُغلقت لأن الطرفين متفقان الآن: {n}.</translation>
    </message>
    <message>
        <source>History entries added: {n}.</source>
        <translation>قيود سجل التغييرات المضافة: {n}.</translation>
    </message>
</context>
<context>
    <name>MergeWorker</name>
    <message>
        <source>The merge was cancelled; nothing was changed.</source>
        <translation>أُلغي الدمج؛ لم يتغير شيء.</translation>
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
    <name>ProgressDialog</name>
    <message>
        <source>Progress</source>
        <translation>التقدّم</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>المحرر</translation>
    </message>
    <message>
        <source>Claims created</source>
        <translation>الادعاءات المنشأة</translation>
    </message>
    <message>
        <source>With a verdict</source>
        <translation>ذات حكم</translation>
    </message>
    <message>
        <source>Articles touched</source>
        <translation>المقالات المعالَجة</translation>
    </message>
    <message>
        <source>Articles left</source>
        <translation>المقالات المتبقية</translation>
    </message>
    <message>
        <source>Statuses</source>
        <translation>الحالات</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>المقال</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>الادعاءات</translation>
    </message>
    <message>
        <source>Editors</source>
        <translation>المحررون</translation>
    </message>
    <message>
        <source>Articles</source>
        <translation>المقالات</translation>
    </message>
    <message>
        <source>{n} articles, {left} without any claim</source>
        <translation>{n} مقالات، منها {left} بلا أي ادعاء</translation>
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
    <name>ReviewWindow</name>
    <message>
        <source>Layers:</source>
        <translation>الطبقات:</translation>
    </message>
    <message>
        <source>Reviewed layer</source>
        <translation>الطبقة المُراجَعة</translation>
    </message>
    <message>
        <source>List agreements too</source>
        <translation>عرض مواضع الاتفاق أيضًا</translation>
    </message>
    <message>
        <source>Disagreements</source>
        <translation>مواضع الخلاف</translation>
    </message>
    <message>
        <source>Article text with the editors&apos; layers</source>
        <translation>نص المقال مع طبقات المحررين</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>المحرر</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>النص</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>المصادر</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
    <message>
        <source>Versions of the selected item</source>
        <translation>نسخ الموضع المحدد</translation>
    </message>
    <message>
        <source>&amp;Accept this version</source>
        <translation>&amp;قبول هذه النسخة</translation>
    </message>
    <message>
        <source>&amp;Edit in the reviewed layer</source>
        <translation>&amp;تحرير في الطبقة المُراجَعة</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;رفض</translation>
    </message>
    <message>
        <source>None of the versions still open is taken into the reviewed layer</source>
        <translation>لا تُضاف أي نسخة معلّقة إلى الطبقة المُراجَعة</translation>
    </message>
    <message>
        <source>Adjudication</source>
        <translation>التحكيم</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;تراجع</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>تراجع</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;إعادة</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>إعادة</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>قبول</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>رفض</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>تحرير</translation>
    </message>
    <message>
        <source>Accept all agreements</source>
        <translation>قبول كل مواضع الاتفاق</translation>
    </message>
    <message>
        <source>Next disagreement</source>
        <translation>الخلاف التالي</translation>
    </message>
    <message>
        <source>Previous disagreement</source>
        <translation>الخلاف السابق</translation>
    </message>
    <message>
        <source>Adjudication: {title}</source>
        <translation>التحكيم: {title}</translation>
    </message>
    <message>
        <source>{items} items: {agree} agreements, {disagree} disagreements; {resolved} resolved, {left} left</source>
        <translation>{items} موضعًا: {agree} اتفاق، {disagree} خلاف؛ حُسم {resolved}، وبقي {left}</translation>
    </message>
    <message>
        <source>not marked by every editor</source>
        <translation>لم يحدده كل المحررين</translation>
    </message>
    <message>
        <source>span</source>
        <translation>المدى</translation>
    </message>
    <message>
        <source>status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>sources</source>
        <translation>المصادر</translation>
    </message>
    <message>
        <source>agreement</source>
        <translation>اتفاق</translation>
    </message>
    <message>
        <source>differs: {what}</source>
        <translation>خلاف: {what}</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>المُراجَعة</translation>
    </message>
    <message>
        <source>Nothing to adjudicate: no editor&apos;s claims in this article.</source>
        <translation>لا شيء للتحكيم: لا ادعاءات لأي محرر في هذا المقال.</translation>
    </message>
    <message>
        <source>Open: {n} version(s) to accept or reject.</source>
        <translation>معلّق: {n} نسخة للقبول أو الرفض.</translation>
    </message>
    <message>
        <source>Resolved: in the reviewed layer.</source>
        <translation>محسوم: في الطبقة المُراجَعة.</translation>
    </message>
    <message>
        <source>Resolved: rejected.</source>
        <translation>محسوم: مرفوض.</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>لم يتم</translation>
    </message>
    <message>
        <source>Accept version</source>
        <translation>قبول نسخة</translation>
    </message>
    <message>
        <source>Reject versions</source>
        <translation>رفض النسخ</translation>
    </message>
</context>
<context>
    <name>TaxonomyDialog</name>
    <message>
        <source>Sources and statuses</source>
        <translation>المصادر والحالات</translation>
    </message>
    <message>
        <source>Arabic name</source>
        <translation>الاسم العربي</translation>
    </message>
    <message>
        <source>English name</source>
        <translation>الاسم الإنجليزي</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>الأسماء البديلة</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>الادعاءات</translation>
    </message>
    <message>
        <source>Note / URL</source>
        <translation>ملاحظة / رابط</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>المصادر</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>إضافة…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>إعادة تسمية…</translation>
    </message>
    <message>
        <source>Kind…</source>
        <translation>النوع…</translation>
    </message>
    <message>
        <source>Add aliases…</source>
        <translation>إضافة أسماء بديلة…</translation>
    </message>
    <message>
        <source>Note and URL…</source>
        <translation>الملاحظة والرابط…</translation>
    </message>
    <message>
        <source>Merge into…</source>
        <translation>دمج في…</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>المعرّف</translation>
    </message>
    <message>
        <source>Arabic label</source>
        <translation>التسمية العربية</translation>
    </message>
    <message>
        <source>English label</source>
        <translation>التسمية الإنجليزية</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>اللون</translation>
    </message>
    <message>
        <source>ClaimReview rating</source>
        <translation>تقييم ClaimReview</translation>
    </message>
    <message>
        <source>Verification statuses</source>
        <translation>حالات التحقق</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>اللون…</translation>
    </message>
    <message>
        <source>Rating…</source>
        <translation>التقييم…</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>نقل لأعلى</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>نقل لأسفل</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
    <message>
        <source>Here</source>
        <translation>هنا</translation>
    </message>
    <message>
        <source>In the other workspace</source>
        <translation>في مساحة العمل الأخرى</translation>
    </message>
    <message>
        <source>Merged from</source>
        <translation>مدموج من</translation>
    </message>
    <message>
        <source>Sources changed on both sides</source>
        <translation>مصادر عدّلها الطرفان</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>اعتماد نسختهم</translation>
    </message>
    <message>
        <source>Keep ours</source>
        <translation>الإبقاء على نسختنا</translation>
    </message>
    <message>
        <source>Sources that both you and the workspace you merged changed, each in its own way. Fields only one side changed have been merged already; here, choose whose version to keep.</source>
        <translation>مصادر عدّلتها أنت وعدّلتها مساحة العمل التي دمجتها، كلٌّ على طريقته. الحقول التي عدّلها طرف واحد دُمجت من قبل؛ اختر هنا أيّ النسختين تبقى.</translation>
    </message>
    <message>
        <source>Statuses</source>
        <translation>الحالات</translation>
    </message>
    <message>
        <source>Export to a file…</source>
        <translation>تصدير إلى ملف…</translation>
    </message>
    <message>
        <source>Import from a file…</source>
        <translation>استيراد من ملف…</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>الرابط</translation>
    </message>
    <message>
        <source>Merge conflicts ({n})</source>
        <translation>تعارضات الدمج ({n})</translation>
    </message>
    <message>
        <source>Edit sources and statuses</source>
        <translation>تعديل المصادر والحالات</translation>
    </message>
    <message>
        <source>Not changed</source>
        <translation>لم يُغيَّر شيء</translation>
    </message>
    <message>
        <source>Add source</source>
        <translation>إضافة مصدر</translation>
    </message>
    <message>
        <source>Change the kind of a source</source>
        <translation>تغيير نوع مصدر</translation>
    </message>
    <message>
        <source>Change note and URL</source>
        <translation>تغيير الملاحظة والرابط</translation>
    </message>
    <message>
        <source>Add status</source>
        <translation>إضافة حالة</translation>
    </message>
    <message>
        <source>Recolour status</source>
        <translation>تغيير لون الحالة</translation>
    </message>
    <message>
        <source>Set rating</source>
        <translation>تعيين التقييم</translation>
    </message>
    <message>
        <source>Reorder statuses</source>
        <translation>إعادة ترتيب الحالات</translation>
    </message>
    <message>
        <source>Take their version of a source</source>
        <translation>اعتماد نسختهم من مصدر</translation>
    </message>
    <message>
        <source>Keep our version of a source</source>
        <translation>الإبقاء على نسختنا من مصدر</translation>
    </message>
    <message>
        <source>Import sources and statuses</source>
        <translation>استيراد المصادر والحالات</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>النوع:</translation>
    </message>
    <message>
        <source>New source</source>
        <translation>مصدر جديد</translation>
    </message>
    <message>
        <source>Arabic name:</source>
        <translation>الاسم العربي:</translation>
    </message>
    <message>
        <source>English name:</source>
        <translation>الاسم الإنجليزي:</translation>
    </message>
    <message>
        <source>Rename source</source>
        <translation>إعادة تسمية المصدر</translation>
    </message>
    <message>
        <source>Kind of source</source>
        <translation>نوع المصدر</translation>
    </message>
    <message>
        <source>Add aliases</source>
        <translation>إضافة أسماء بديلة</translation>
    </message>
    <message>
        <source>Spellings as they appear in text, separated by ;</source>
        <translation>التهجئات كما ترد في النص، مفصولة بـ ;</translation>
    </message>
    <message>
        <source>Note and URL</source>
        <translation>الملاحظة والرابط</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>الملاحظة:</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>الرابط:</translation>
    </message>
    <message>
        <source>Merge sources</source>
        <translation>دمج المصادر</translation>
    </message>
    <message>
        <source>Merge the selected source into (its claims follow):</source>
        <translation>دمج المصدر المحدد في (تنتقل ادعاءاته معه):</translation>
    </message>
    <message>
        <source>New status</source>
        <translation>حالة جديدة</translation>
    </message>
    <message>
        <source>Id (letters, digits, _):</source>
        <translation>المعرّف (حروف لاتينية وأرقام و_):</translation>
    </message>
    <message>
        <source>Arabic label:</source>
        <translation>التسمية العربية:</translation>
    </message>
    <message>
        <source>English label:</source>
        <translation>التسمية الإنجليزية:</translation>
    </message>
    <message>
        <source>Rename status</source>
        <translation>إعادة تسمية الحالة</translation>
    </message>
    <message>
        <source>none (label only)</source>
        <translation>بلا تقييم (تسمية فقط)</translation>
    </message>
    <message>
        <source>Rating (1 false … 5 true):</source>
        <translation>التقييم (1 زائف … 5 صحيح):</translation>
    </message>
    <message>
        <source>Export the taxonomy</source>
        <translation>تصدير التصنيف</translation>
    </message>
    <message>
        <source>Import a taxonomy</source>
        <translation>استيراد تصنيف</translation>
    </message>
</context>
<context>
    <name>Workspaces</name>
    <message>
        <source>&amp;New workspace…</source>
        <extracomment>Declared here next to its only user; belongs in ``settings.ALL_SETTINGS``.</extracomment>
        <translation>مساحة عمل &amp;جديدة…</translation>
    </message>
    <message>
        <source>Create an empty workspace file and switch to it</source>
        <translation>إنشاء ملف مساحة عمل فارغ والانتقال إليه</translation>
    </message>
    <message>
        <source>&amp;Open workspace…</source>
        <translation>&amp;فتح مساحة عمل…</translation>
    </message>
    <message>
        <source>Switch to another workspace file</source>
        <translation>الانتقال إلى ملف مساحة عمل آخر</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>فتح &amp;الأخيرة</translation>
    </message>
    <message>
        <source>&amp;Clear the list</source>
        <translation>&amp;مسح القائمة</translation>
    </message>
    <message>
        <source>No recent workspaces</source>
        <translation>لا توجد مساحات عمل حديثة</translation>
    </message>
    <message>
        <source>New workspace</source>
        <translation>مساحة عمل جديدة</translation>
    </message>
    <message>
        <source>Workspaces (*.db)</source>
        <translation>مساحات العمل (*.db)</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>فتح مساحة عمل</translation>
    </message>
    <message>
        <source>Workspaces (*.db);;All files (*)</source>
        <translation>مساحات العمل (*.db);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Workspace not created</source>
        <translation>لم تُنشأ مساحة العمل</translation>
    </message>
    <message>
        <source>A file with this name already exists. Choose another name, or open it with Open workspace.</source>
        <translation>يوجد ملف بهذا الاسم. اختر اسمًا آخر، أو افتحه بأمر فتح مساحة عمل.</translation>
    </message>
    <message>
        <source>Workspace not opened</source>
        <translation>لم تُفتح مساحة العمل</translation>
    </message>
    <message>
        <source>The workspace file no longer exists.</source>
        <translation>ملف مساحة العمل لم يعد موجودًا.</translation>
    </message>
    <message>
        <source>Workspace not switched</source>
        <translation>لم يتم الانتقال إلى مساحة العمل</translation>
    </message>
    <message>
        <source>An import is running. Switch workspaces when it has finished, or cancel it.</source>
        <translation>هناك استيراد جارٍ. انتقل إلى مساحة العمل الأخرى بعد انتهائه، أو ألغِه.</translation>
    </message>
    <message>
        <source>This workspace was saved by a newer version of Arabic News Annotator. Update the app to open it. The file was not changed, and the current workspace stays open.</source>
        <translation>حُفظت مساحة العمل هذه بإصدار أحدث من مُعلِّق الأخبار العربية. حدّث التطبيق لفتحها. لم يتغير الملف، وتبقى مساحة العمل الحالية مفتوحة.</translation>
    </message>
    <message>
        <source>This file is not an Arabic News Annotator workspace. The current workspace stays open.</source>
        <translation>هذا الملف ليس مساحة عمل لمُعلِّق الأخبار العربية. تبقى مساحة العمل الحالية مفتوحة.</translation>
    </message>
    <message>
        <source>The workspace could not be opened. The current workspace stays open.</source>
        <translation>تعذّر فتح مساحة العمل. تبقى مساحة العمل الحالية مفتوحة.</translation>
    </message>
    <message>
        <source>The workspace could not be opened (details are in the log). The current workspace stays open.</source>
        <translation>تعذّر فتح مساحة العمل (التفاصيل في السجل). تبقى مساحة العمل الحالية مفتوحة.</translation>
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
